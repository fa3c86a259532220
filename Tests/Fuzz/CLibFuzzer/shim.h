#ifndef DRYDOCK_CLIBFUZZER_SHIM_H
#define DRYDOCK_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver for programs with their own main (declared in compiler-rt's
/// FuzzerInterface.h, which the Swift toolchain does not ship as a header). Linked in by
/// `-sanitize=fuzzer`; parses libFuzzer's flags from argv and runs `UserCb` on every input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
