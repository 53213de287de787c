// Growable arrays shared by the addon's files: a pointer, a count and a capacity, grown by doubling.
#ifndef AURA_GROWABLE_H
#define AURA_GROWABLE_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  uint8_t *p;
  size_t n, cap;
} Bytes;

typedef struct {
  double *p;
  size_t n, cap;
} Doubles;

typedef struct {
  uint32_t *p;
  size_t n, cap;
} U32s;

/** Room for `need` items of `size` bytes at *p; 0 when out of memory (*p is then unchanged). */
static inline int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 1;
  size_t cap2 = *cap ? *cap : 256;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(*p, cap2 * size);
  if (!q) return 0;
  *p = q;
  *cap = cap2;
  return 1;
}
#define GROW(v, need) grow((void **)&(v).p, &(v).cap, (need), sizeof(*(v).p))

#endif
