// IMDSEmulator
