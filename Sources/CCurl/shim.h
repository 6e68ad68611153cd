#ifndef SOCIALSYNC_CCURL_SHIM_H
#define SOCIALSYNC_CCURL_SHIM_H
#define CURL_STRICTER
#include <curl/curl.h>
#endif
