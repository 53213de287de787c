// walkTree: the folder walk of src/adapters/fs-walk.ts on libuv's thread pool, for the common
// case only: plain folders and regular files, every one readable. A start with nothing new spends
// much of its time in that walk (a readdir per folder, a stat per transcript); here it runs while
// the main thread loads the index.
//
// Anything the JavaScript walk would have to judge (a symbolic link, a folder or file it cannot
// read, a name that is not UTF-8 or holds a character beyond U+FFFF, where byte order and
// JavaScript's string order differ) makes the whole walk come back null, and the JavaScript walk
// runs instead: it alone words notices and follows links.
//
// walkTree(roots) resolves to null or [paths, stats]: paths = every transcript's path, each
// ended by a NUL byte, in walk order (each folder's entries by name, sub-folders where they sort);
// stats = Float64Array of [root index, dev, ino, size, mtimeMs] per path, mtimeMs computed as
// node computes Stats.mtimeMs.
#include "walk.h"
#include "growable.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#ifdef __APPLE__
#define st_mtim st_mtimespec
#endif

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char **roots;
  uint32_t count;
  int unsure;
  Bytes paths;
  Doubles stats;
} Walk;

/** Valid UTF-8 of characters up to U+FFFF only (see above), without NUL. */
static int plainName(const char *s) {
  const uint8_t *b = (const uint8_t *)s;
  while (*b) {
    if (*b < 0x80) {
      b++;
    } else if ((*b & 0xe0) == 0xc0) {
      if (*b < 0xc2 || (b[1] & 0xc0) != 0x80) return 0;
      b += 2;
    } else if ((*b & 0xf0) == 0xe0) {
      // b[1] first: a NUL there ends the name, and b[2] is not read.
      if ((b[1] & 0xc0) != 0x80 || (b[2] & 0xc0) != 0x80) return 0;
      uint32_t c = (uint32_t)(*b & 0x0f) << 12 | (uint32_t)(b[1] & 0x3f) << 6 | (b[2] & 0x3f);
      if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return 0;
      b += 3;
    } else {
      return 0;
    }
  }
  return 1;
}

static int byName(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int endsWithJsonl(const char *name) {
  size_t n = strlen(name);
  return n >= 6 && memcmp(name + n - 6, ".jsonl", 6) == 0;
}

static int addFile(Walk *w, const char *path, uint32_t root, const struct stat *st) {
  size_t len = strlen(path) + 1;
  if (!GROW(w->paths, w->paths.n + len) || !GROW(w->stats, w->stats.n + 5)) return 0;
  memcpy(w->paths.p + w->paths.n, path, len);
  w->paths.n += len;
  double *o = w->stats.p + w->stats.n;
  o[0] = root;
  o[1] = (double)st->st_dev;
  o[2] = (double)st->st_ino;
  o[3] = (double)st->st_size;
  o[4] = (double)st->st_mtim.tv_sec * 1e3 + (double)st->st_mtim.tv_nsec / 1e6;
  w->stats.n += 5;
  return 1;
}

/** Walks `dir` (a writable buffer of `cap` bytes holding the path); 0 = unsure, stop. */
static int visit(Walk *w, char **dir, size_t *cap, size_t len, uint32_t root) {
  DIR *d = opendir(*dir);
  if (!d) return 0;
  // Each name is kept with its entry type in the byte after its NUL: sorting moves both.
  char **names = NULL;
  size_t n = 0, ncap = 0;
  int ok = 1;
  for (;;) {
    errno = 0;
    struct dirent *e = readdir(d);
    if (!e) {
      if (errno) ok = 0;
      break;
    }
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    size_t l = strlen(e->d_name);
    if (!plainName(e->d_name) || !grow((void **)&names, &ncap, n + 1, sizeof *names) || !(names[n] = malloc(l + 2))) {
      ok = 0;
      break;
    }
    memcpy(names[n], e->d_name, l + 1);
    names[n][l + 1] = (char)e->d_type;
    n++;
  }
  closedir(d);
  if (ok) qsort(names, n, sizeof *names, byName);
  for (size_t k = 0; ok && k < n; k++) {
    const char *name = names[k];
    size_t l = strlen(name);
    unsigned char type = (unsigned char)name[l + 1];
    if (!grow((void **)dir, cap, len + 1 + l + 1, 1)) {
      ok = 0;
      break;
    }
    (*dir)[len] = '/';
    memcpy(*dir + len + 1, name, l + 1);
    struct stat st;
    if (type == DT_UNKNOWN) {
      if (lstat(*dir, &st) != 0) {
        ok = 0;
        break;
      }
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
    }
    if (type == DT_LNK) {
      ok = 0;  // links are the JavaScript walk's to follow
    } else if (type == DT_DIR) {
      ok = visit(w, dir, cap, len + 1 + l, root);
    } else if (type == DT_REG && endsWithJsonl(name)) {
      // Followed, as statSync does; something else in the file's place by now is skipped, as there.
      if (stat(*dir, &st) != 0) ok = 0;
      else if (S_ISREG(st.st_mode)) ok = addFile(w, *dir, root, &st);
      else if (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode)) ok = 0;
    }
    (*dir)[len] = '\0';
  }
  for (size_t k = 0; k < n; k++) free(names[k]);
  free(names);
  return ok;
}

static void execute(napi_env env, void *data) {
  (void)env;
  Walk *w = data;
  for (uint32_t r = 0; r < w->count && !w->unsure; r++) {
    size_t len = strlen(w->roots[r]), cap = len + 256;
    char *dir = malloc(cap);
    if (!dir) {
      w->unsure = 1;
      break;
    }
    memcpy(dir, w->roots[r], len + 1);
    // A root that is a link is followed (the JavaScript walk reads it by its real path).
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !visit(w, &dir, &cap, len, r)) w->unsure = 1;
    free(dir);
  }
}

static void freeWalk(Walk *w) {
  for (uint32_t r = 0; r < w->count; r++) free(w->roots[r]);
  free(w->roots);
  free(w->paths.p);
  free(w->stats.p);
  free(w);
}

static void complete(napi_env env, napi_status status, void *data) {
  Walk *w = data;
  napi_value result = NULL, paths, stats, ab;
  void *bytes;
  if (status == napi_ok && !w->unsure && napi_create_buffer_copy(env, w->paths.n, w->paths.n ? (const void *)w->paths.p : "", &bytes, &paths) == napi_ok &&
      napi_create_arraybuffer(env, w->stats.n * sizeof(double), &bytes, &ab) == napi_ok) {
    if (w->stats.n) memcpy(bytes, w->stats.p, w->stats.n * sizeof(double));
    if (napi_create_typedarray(env, napi_float64_array, w->stats.n, ab, 0, &stats) == napi_ok && napi_create_array_with_length(env, 2, &result) == napi_ok) {
      napi_set_element(env, result, 0, paths);
      napi_set_element(env, result, 1, stats);
    } else {
      result = NULL;
    }
  }
  if (!result) napi_get_null(env, &result);
  napi_resolve_deferred(env, w->deferred, result);
  napi_delete_async_work(env, w->work);
  freeWalk(w);
}

napi_value auraWalkTree(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value list;
  uint32_t count;
  bool isArray;
  if (napi_get_cb_info(env, info, &argc, &list, NULL, NULL) != napi_ok || argc < 1 || napi_is_array(env, list, &isArray) != napi_ok || !isArray ||
      napi_get_array_length(env, list, &count) != napi_ok) {
    napi_throw_type_error(env, NULL, "walkTree(roots: string[])");
    return NULL;
  }
  Walk *w = calloc(1, sizeof *w);
  if (!w || !(w->roots = calloc(count ? count : 1, sizeof *w->roots))) {
    free(w);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  w->count = count;
  for (uint32_t r = 0; r < count; r++) {
    napi_value v;
    size_t len;
    if (napi_get_element(env, list, r, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok || !(w->roots[r] = malloc(len + 1))) {
      freeWalk(w);
      napi_throw_type_error(env, NULL, "walkTree(roots: string[])");
      return NULL;
    }
    napi_get_value_string_utf8(env, v, w->roots[r], len + 1, &len);
    // A NUL inside a root would cut it short here: the JavaScript walk judges such a root.
    if (strlen(w->roots[r]) != len) w->unsure = 1;
  }
  napi_value promise, name;
  napi_create_string_utf8(env, "aura.walkTree", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok || napi_create_async_work(env, NULL, name, execute, complete, w, &w->work) != napi_ok ||
      napi_queue_async_work(env, w->work) != napi_ok) {
    freeWalk(w);
    napi_throw_error(env, NULL, "could not queue the walk");
    return NULL;
  }
  return promise;
}
#endif
