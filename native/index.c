// readIndex: reads aura's usage index (src/core/reader/index-codec.ts) on libuv's thread pool and
// checks it there: its checksum and every column, as decodeIndex does when it checks a buffer
// itself. A start with nothing new spends most of its time on that read and those checks; on a
// pool thread they run while the main thread walks the transcript folders.
//
// readIndex(path, version) resolves to [kind, value]:
//   0 ok       value = the file's bytes (a Buffer), checked: decodeIndex only parses the header
//   1 missing  (no index yet)
//   2 errno    value = the errno of the failed open or read
//   3 not a regular file (a FIFO or a device in the index's place: never blocks)
//   4 corrupt  value = the same message decodeIndex gives
//   5 too large for node to read (over 2 GiB): never read whole
// The layout (see encodeIndex): "AURAIDX", version byte, then u32 LE header length, rows,
// files, strings; the JSON header from byte 24; the columns from the next multiple of 8
// (ts f64, cost f64, tokens 6×u32, file, winFile, session, keySession, model, speed u32, id ends
// 2×u32, flags u8, padded to 8); the ids; a CRC32 of everything before it.
#include "index.h"
#include "growable.h"
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// POSIX only (scan.c registers it there): elsewhere the JavaScript reader loads the index.
#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

enum Kind { OK = 0, MISSING = 1, ERRNO = 2, NOT_FILE = 3, CORRUPT = 4, TOO_LARGE = 5 };

/** Node's largest file read (kIoMaxLength): the JavaScript read refuses anything larger. */
#define MAX_BYTES 0x7fffffffLL

#define SIDECHAIN 1
#define REQUESTLESS 4
#define TOKEN_FIELDS 6
#define FIXED_HEAD 24

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char *path;
  int version;
  enum Kind kind;
  int err;
  char message[64];
  uint8_t *buf;
  size_t len;
} Load;

static uint32_t u32At(const uint8_t *b, size_t at) { return (uint32_t)b[at] | (uint32_t)b[at + 1] << 8 | (uint32_t)b[at + 2] << 16 | (uint32_t)b[at + 3] << 24; }

/** NULL when sound, else decodeIndex's message. Columns are read with memcpy: any alignment. */
static const char *check(Load *l) {
  const uint8_t *b = l->buf;
  size_t len = l->len;
  if (len < 12 || memcmp(b, "AURAIDX", 7) != 0) return "not an aura index";
  if (b[7] != l->version) {
    snprintf(l->message, sizeof l->message, "index format %u (expected %d)", b[7], l->version);
    return l->message;
  }
  size_t end = len - 4;
  if (end < FIXED_HEAD) return "index checksum mismatch";
  uLong crc = crc32(0L, Z_NULL, 0);
  for (size_t at = 0; at < end;) {
    uInt piece = end - at > (1u << 30) ? (1u << 30) : (uInt)(end - at);
    crc = crc32(crc, b + at, piece);
    at += piece;
  }
  if ((uint32_t)crc != u32At(b, end)) return "index checksum mismatch";
  // Offsets in 64 bits: with a 32-bit size_t, rows × 72 could wrap and pass the size check.
  uint64_t hlen = u32At(b, 8), rows = u32At(b, 12), nFiles = u32At(b, 16), nStrings = u32At(b, 20);
  if (FIXED_HEAD + hlen > end) return "truncated index header";
  uint64_t colStart = (FIXED_HEAD + hlen + 7) & ~(uint64_t)7;
  uint64_t idStart = colStart + rows * 16 + rows * TOKEN_FIELDS * 4 + rows * 6 * 4 + rows * 2 * 4 + ((rows + 7) & ~(uint64_t)7);
  if (idStart > end) return "index size mismatch";
  // Everything below lies inside the buffer: sizes fit size_t from here on.
  size_t n = (size_t)rows, idBytes = end - (size_t)idStart;
  const uint8_t *ts = b + colStart, *cost = ts + n * 8, *tokens = cost + n * 8, *refs = tokens + n * TOKEN_FIELDS * 4;
  const uint8_t *ends = refs + n * 6 * 4, *flags = ends + n * 8;
  double prev = 0;
  for (size_t i = 0; i < n; i++) {
    double t, c;
    memcpy(&t, ts + i * 8, 8);
    memcpy(&c, cost + i * 8, 8);
    if (!isfinite(t) || (i > 0 && prev > t)) return "bad index timestamp";
    if (c < 0 || c == INFINITY) return "bad index cost";
    prev = t;
  }
  for (size_t k = 0; k < n * TOKEN_FIELDS; k++)
    if (u32At(tokens, k * 4) > 0x7fffffffu) return "bad index token count";
  for (size_t i = 0; i < n; i++) {
    uint32_t file = u32At(refs, i * 4), winFile = u32At(refs, (n + i) * 4);
    uint32_t session = u32At(refs, (2 * n + i) * 4), keySession = u32At(refs, (3 * n + i) * 4);
    uint32_t model = u32At(refs, (4 * n + i) * 4), speed = u32At(refs, (5 * n + i) * 4);
    if (file >= nFiles || winFile >= nFiles) return "index file reference out of range";
    if (session >= nStrings || keySession >= nStrings || model >= nStrings || speed > nStrings) return "index string reference out of range";
    if (flags[i] & ~(SIDECHAIN | REQUESTLESS)) return "bad index flags";
  }
  uint32_t last = 0;
  for (size_t k = 0; k < n * 2; k++) {
    uint32_t e = u32At(ends, k * 4);
    if ((k > 0 && last > e) || e > idBytes) return "bad index ids";
    last = e;
  }
  if ((n > 0 ? last : 0) != idBytes) return "bad index ids";
  return NULL;
}

static void execute(napi_env env, void *data) {
  (void)env;
  Load *l = data;
  // Non-blocking: a FIFO in the index's place must not hold a pool thread.
  int fd = open(l->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    l->kind = errno == ENOENT ? MISSING : ERRNO;
    l->err = errno;
    return;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    l->kind = ERRNO;
    l->err = errno;
  } else if (!S_ISREG(st.st_mode)) {
    l->kind = NOT_FILE;
  } else if (st.st_size > MAX_BYTES) {
    l->kind = TOO_LARGE;
  } else {
    size_t cap = (size_t)st.st_size + 1;
    l->buf = malloc(cap);
    l->kind = l->buf ? OK : ERRNO;
    l->err = ENOMEM;
    // Until end of file, even if it grew since fstat (an index is replaced by rename, never
    // written in place, so that is another writer's file: its checksum decides).
    while (l->kind == OK) {
      if (l->len > MAX_BYTES) {
        l->kind = TOO_LARGE;
        break;
      }
      if (l->len == cap && !grow((void **)&l->buf, &cap, cap + 1, 1)) {
        l->kind = ERRNO;
        break;
      }
      ssize_t got = read(fd, l->buf + l->len, cap - l->len);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        l->kind = ERRNO;
        l->err = errno;
      } else if (got == 0) {
        break;
      } else {
        l->len += (size_t)got;
      }
    }
    if (l->kind == OK) {
      const char *bad = check(l);
      if (bad) {
        l->kind = CORRUPT;
        if (bad != l->message) snprintf(l->message, sizeof l->message, "%s", bad);
      }
    }
  }
  close(fd);
}

static void freeLoad(Load *l) {
  free(l->path);
  free(l->buf);
  free(l);
}

static void freeBytes(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void complete(napi_env env, napi_status status, void *data) {
  Load *l = data;
  napi_value result, kind, value = NULL;
  if (status != napi_ok) {
    l->kind = ERRNO;
    l->err = EIO;
  }
  if (l->kind == OK) {
    // Node owns the bytes from this call on, even when it fails (it then frees them itself);
    // malloc's alignment keeps the columns' views possible.
    napi_status made = napi_create_external_buffer(env, l->len, l->len ? l->buf : NULL, freeBytes, NULL, &value);
    if (l->len) l->buf = NULL;
    if (made != napi_ok) {
      napi_value pending;
      napi_get_and_clear_last_exception(env, &pending);
      l->kind = ERRNO;
      l->err = ENOMEM;
      value = NULL;
    }
  }
  if (l->kind == ERRNO) napi_create_int32(env, l->err, &value);
  if (l->kind == CORRUPT) napi_create_string_utf8(env, l->message, NAPI_AUTO_LENGTH, &value);
  if (!value) napi_get_null(env, &value);
  napi_create_int32(env, l->kind, &kind);
  napi_create_array_with_length(env, 2, &result);
  napi_set_element(env, result, 0, kind);
  napi_set_element(env, result, 1, value);
  napi_resolve_deferred(env, l->deferred, result);
  napi_delete_async_work(env, l->work);
  freeLoad(l);
}

napi_value auraReadIndex(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  size_t len;
  int32_t version;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 || napi_get_value_string_utf8(env, argv[0], NULL, 0, &len) != napi_ok ||
      napi_get_value_int32(env, argv[1], &version) != napi_ok) {
    napi_throw_type_error(env, NULL, "readIndex(path: string, version: integer)");
    return NULL;
  }
  Load *l = calloc(1, sizeof *l);
  if (!l || !(l->path = malloc(len + 1))) {
    free(l);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_get_value_string_utf8(env, argv[0], l->path, len + 1, &len);
  l->version = version;
  napi_value promise, name;
  napi_create_string_utf8(env, "aura.readIndex", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &l->deferred, &promise) != napi_ok || napi_create_async_work(env, NULL, name, execute, complete, l, &l->work) != napi_ok ||
      napi_queue_async_work(env, l->work) != napi_ok) {
    freeLoad(l);
    napi_throw_error(env, NULL, "could not queue the index read");
    return NULL;
  }
  return promise;
}
#endif
