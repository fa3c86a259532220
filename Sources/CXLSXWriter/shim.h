#ifndef DRYDOCK_CXLSXWRITER_SHIM_H
#define DRYDOCK_CXLSXWRITER_SHIM_H
// libxlsxwriter (Debian libxlsxwriter-dev). Swift reaches it only through the typed wrappers in
// Sources/DrydockXLSX; nothing else imports this module.
#include <xlsxwriter.h>
#endif
