// walkTree (native/walk.c), registered by scan.c's module init.
#ifndef AURA_WALK_H
#define AURA_WALK_H
#include <node_api.h>

#ifndef _WIN32
napi_value auraWalkTree(napi_env env, napi_callback_info info);
#endif

#endif
