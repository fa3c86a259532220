// EmulatorKit
