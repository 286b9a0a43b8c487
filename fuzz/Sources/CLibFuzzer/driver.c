// Empty: the declaration in include/libfuzzer.h is all; libFuzzer itself comes with -sanitize=fuzzer.
