// SheetsEmulator
