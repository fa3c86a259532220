// GmailEmulator
