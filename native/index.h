// readIndex (native/index.c), registered by scan.c's module init.
#ifndef AURA_INDEX_H
#define AURA_INDEX_H
#include <node_api.h>

#ifndef _WIN32
napi_value auraReadIndex(napi_env env, napi_callback_info info);
#endif

#endif
