#ifndef DRYDOCK_CISAL_SHIM_H
#define DRYDOCK_CISAL_SHIM_H
// Intel ISA-L's CRC-32C (Castagnoli, "iSCSI"): S3's x-amz-checksum-crc32c. Neither zlib nor OpenSSL has it.
#include <stdint.h>
#include <isa-l/crc.h>
#endif
