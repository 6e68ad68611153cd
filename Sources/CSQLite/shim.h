#ifndef SOCIALSYNC_CSQLITE_SHIM_H
#define SOCIALSYNC_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro and does not import into Swift: binding a temporary
/// Swift string needs SQLite to copy it, so expose the destructor value as a function.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
