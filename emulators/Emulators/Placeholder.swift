// Emulators: assembles every service emulator behind one edge router.
