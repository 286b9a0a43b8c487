// libFuzzer's driver, for programs that keep their own `main` (SwiftPM gives every executable
// one): it parses libFuzzer's flags from argv and runs `callback` on each input.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
