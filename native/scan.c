// aura's native transcript scanner: scanFile of src/adapters/fs-read.ts (and, line by line,
// scanBlock and lineUsage of src/core/reader/line-scan.ts, usageOf of parse-line.ts) in C, run on
// libuv's thread pool. The JavaScript reader is the reference; this one is about four times
// faster and allocates nothing on the JavaScript heap while it reads.
//
// It only ever answers what the JavaScript reader would answer. A file holding anything it does
// not judge itself (an escape in a key or a field it reads, a count written as 1e3 or 5.0, JSON
// nested deeper than MAX_DEPTH, a non-ASCII message or request id, a read error) comes back
// UNSURE, and the caller reads that file in JavaScript. Its JSON grammar is strict RFC 8259, so
// it never accepts text that JSON.parse rejects; for text both accept it reads the same fields,
// the last of duplicate keys winning, as in JSON.parse. test/native-scan.test.ts holds it to that.
#define _GNU_SOURCE  // memmem
#include <node_api.h>
#include "growable.h"
#include "index.h"
#include "walk.h"
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#define HEAD 4096
#define MAX_DEPTH 256
#define MAX_COUNT 0x7fffffffLL

#ifdef _WIN32
static const void *memmem(const void *hay, size_t n, const void *needle, size_t m) {
  const uint8_t *h = hay, *nd = needle;
  if (m == 0) return hay;
  for (size_t i = 0; i + m <= n; i++) {
    const uint8_t *p = memchr(h + i, nd[0], n - m - i + 1);
    if (!p) return NULL;
    i = (size_t)(p - h);
    if (memcmp(p, nd, m) == 0) return p;
  }
  return NULL;
}
#endif

// Substring search: the scanner's hot loop (it looks through every byte for the ultracode marker
// and `"usage"`). On x86-64 with AVX2, a vector filter on the needle's first two and last bytes
// (after W. Muła's "SIMD-friendly" search) runs well ahead of memmem; elsewhere memmem.
// Needles are 3 bytes or more.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define VECTOR_SEARCH 1

__attribute__((target("avx2"))) static const uint8_t *searchAvx2(const uint8_t *h, size_t n, const uint8_t *nd, size_t m) {
  const __m256i first = _mm256_set1_epi8((char)nd[0]), second = _mm256_set1_epi8((char)nd[1]), last = _mm256_set1_epi8((char)nd[m - 1]);
  size_t i = 0;
  for (; i + m - 1 + 32 <= n; i += 32) {
    __m256i a = _mm256_loadu_si256((const __m256i *)(h + i));
    __m256i a2 = _mm256_loadu_si256((const __m256i *)(h + i + 1));
    __m256i b = _mm256_loadu_si256((const __m256i *)(h + i + m - 1));
    __m256i hit = _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(a2, second)), _mm256_cmpeq_epi8(b, last));
    uint32_t mask = (uint32_t)_mm256_movemask_epi8(hit);
    while (mask) {
      unsigned bit = (unsigned)__builtin_ctz(mask);
      if (memcmp(h + i + bit + 1, nd + 1, m - 2) == 0) return h + i + bit;
      mask &= mask - 1;
    }
  }
  return i < n ? memmem(h + i, n - i, nd, m) : NULL;
}

static const uint8_t *memmemBytes(const uint8_t *h, size_t n, const uint8_t *nd, size_t m) { return memmem(h, n, nd, m); }

static const uint8_t *(*search)(const uint8_t *, size_t, const uint8_t *, size_t);
#endif

/** Offset of needle (3 bytes or more) in b[from, to), or -1. */
static int64_t find(const uint8_t *b, int64_t from, int64_t to, const char *needle, size_t m) {
  if (to - from < (int64_t)m) return -1;
#ifdef VECTOR_SEARCH
  const uint8_t *p = search(b + from, (size_t)(to - from), (const uint8_t *)needle, m);
#else
  const uint8_t *p = memmem(b + from, (size_t)(to - from), needle, m);
#endif
  return p ? (int64_t)(p - b) : -1;
}
#define FIND(b, from, to, lit) find((b), (from), (to), (lit), sizeof(lit) - 1)

// ---- JSON values the reader looks at -------------------------------------------------------

enum Kind { ABSENT = 0, STRING, NUMBER, TRUE_, FALSE_, NULL_, OBJECT, ARRAY };

typedef struct {
  uint8_t kind;
  uint8_t escaped;  // string: holds a backslash escape
  uint8_t simple;   // number: plain digits (no sign, fraction or exponent)
  int64_t s, e;     // string: content range in the parsed text
  int64_t num;      // simple number (capped above MAX_COUNT)
} Val;

/** One assistant record: the line itself, or a progress line's data.message. */
typedef struct {
  Val type, isSidechain, isApiErrorMessage, timestamp, requestId, sessionId, message;
  Val model, id, usage;                                // message.*
  Val input, output, cacheRead, cacheCreation, speed;  // message.usage.*
  Val split, e5m, e1h;                                 // message.usage.cache_creation.*
} Rec;

typedef struct {
  Rec top;
  Val data;     // top.data
  Val dataMsg;  // top.data.message
  Rec sub;      // top.data.message read as a record
} Line;

enum Ctx { C_NONE, C_TOP, C_DATA, C_SUB, C_MESSAGE, C_USAGE, C_SPLIT };

typedef struct {
  const uint8_t *b;
  int64_t i, n;
  int depth;
  int bad;       // the text is not JSON (as far as this parser goes): fall back
  int escapedKey;  // a key of an object the reader looks into has an escape: fall back
  int deep;        // nested deeper than MAX_DEPTH: not judged here
  Line *line;
} Parser;

static void ws(Parser *p) {
  while (p->i < p->n) {
    uint8_t c = p->b[p->i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') p->i++;
    else break;
  }
}

static int hex(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/** A string at p->i (its opening quote). */
static void string(Parser *p, Val *v) {
  int64_t i = p->i + 1;
  uint8_t escaped = 0;
  const uint8_t *b = p->b;
  for (;;) {
    if (i >= p->n) { p->bad = 1; return; }
    uint8_t c = b[i];
    if (c == '"') break;
    if (c < 0x20) { p->bad = 1; return; }
    if (c == '\\') {
      escaped = 1;
      if (i + 1 >= p->n) { p->bad = 1; return; }
      uint8_t d = b[i + 1];
      if (d == 'u') {
        if (i + 5 >= p->n || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) { p->bad = 1; return; }
        i += 6;
      } else if (d == '"' || d == '\\' || d == '/' || d == 'b' || d == 'f' || d == 'n' || d == 'r' || d == 't') {
        i += 2;
      } else { p->bad = 1; return; }
      continue;
    }
    i++;
  }
  if (v) {
    v->kind = STRING;
    v->escaped = escaped;
    v->s = p->i + 1;
    v->e = i;
  }
  p->i = i + 1;
}

static void number(Parser *p, Val *v) {
  const uint8_t *b = p->b;
  int64_t i = p->i;
  uint8_t simple = 1;
  if (b[i] == '-') { simple = 0; i++; }
  if (i >= p->n) { p->bad = 1; return; }
  int64_t digitsFrom = i;
  if (b[i] == '0') i++;
  else if (b[i] >= '1' && b[i] <= '9') while (i < p->n && b[i] >= '0' && b[i] <= '9') i++;
  else { p->bad = 1; return; }
  int64_t digitsTo = i;
  if (i < p->n && b[i] == '.') {
    simple = 0;
    i++;
    int64_t f = i;
    while (i < p->n && b[i] >= '0' && b[i] <= '9') i++;
    if (i == f) { p->bad = 1; return; }
  }
  if (i < p->n && (b[i] == 'e' || b[i] == 'E')) {
    simple = 0;
    i++;
    if (i < p->n && (b[i] == '+' || b[i] == '-')) i++;
    int64_t f = i;
    while (i < p->n && b[i] >= '0' && b[i] <= '9') i++;
    if (i == f) { p->bad = 1; return; }
  }
  if (v) {
    v->kind = NUMBER;
    v->simple = simple;
    int64_t num = 0;
    for (int64_t k = digitsFrom; k < digitsTo; k++) {
      num = num * 10 + (b[k] - '0');
      if (num > MAX_COUNT) { num = MAX_COUNT + 1; break; }
    }
    v->num = num;
  }
  p->i = i;
}

static int literal(Parser *p, const char *word, size_t len) {
  if (p->n - p->i < (int64_t)len || memcmp(p->b + p->i, word, len) != 0) { p->bad = 1; return 0; }
  p->i += len;
  return 1;
}

static void value(Parser *p, enum Ctx ctx, Rec *rec, Val *v);

static int keyIs(const Parser *p, const Val *k, const char *name) {
  size_t len = strlen(name);
  return (size_t)(k->e - k->s) == len && memcmp(p->b + k->s, name, len) == 0;
}

/** The keys read, by the object they sit in (C_TOP also stands for C_SUB), and their values' context. */
static const struct {
  enum Ctx ctx;
  const char *name;
  size_t len;
  size_t field;  // offset in Rec
  enum Ctx child;
} KEYS[] = {
    {C_TOP, "type", sizeof "type" - 1, offsetof(Rec, type), C_NONE},
    {C_TOP, "isSidechain", sizeof "isSidechain" - 1, offsetof(Rec, isSidechain), C_NONE},
    {C_TOP, "isApiErrorMessage", sizeof "isApiErrorMessage" - 1, offsetof(Rec, isApiErrorMessage), C_NONE},
    {C_TOP, "timestamp", sizeof "timestamp" - 1, offsetof(Rec, timestamp), C_NONE},
    {C_TOP, "requestId", sizeof "requestId" - 1, offsetof(Rec, requestId), C_NONE},
    {C_TOP, "sessionId", sizeof "sessionId" - 1, offsetof(Rec, sessionId), C_NONE},
    {C_TOP, "message", sizeof "message" - 1, offsetof(Rec, message), C_MESSAGE},
    {C_MESSAGE, "model", sizeof "model" - 1, offsetof(Rec, model), C_NONE},
    {C_MESSAGE, "id", sizeof "id" - 1, offsetof(Rec, id), C_NONE},
    {C_MESSAGE, "usage", sizeof "usage" - 1, offsetof(Rec, usage), C_USAGE},
    {C_USAGE, "input_tokens", sizeof "input_tokens" - 1, offsetof(Rec, input), C_NONE},
    {C_USAGE, "output_tokens", sizeof "output_tokens" - 1, offsetof(Rec, output), C_NONE},
    {C_USAGE, "cache_read_input_tokens", sizeof "cache_read_input_tokens" - 1, offsetof(Rec, cacheRead), C_NONE},
    {C_USAGE, "cache_creation_input_tokens", sizeof "cache_creation_input_tokens" - 1, offsetof(Rec, cacheCreation), C_NONE},
    {C_USAGE, "speed", sizeof "speed" - 1, offsetof(Rec, speed), C_NONE},
    {C_USAGE, "cache_creation", sizeof "cache_creation" - 1, offsetof(Rec, split), C_SPLIT},
    {C_SPLIT, "ephemeral_5m_input_tokens", sizeof "ephemeral_5m_input_tokens" - 1, offsetof(Rec, e5m), C_NONE},
    {C_SPLIT, "ephemeral_1h_input_tokens", sizeof "ephemeral_1h_input_tokens" - 1, offsetof(Rec, e1h), C_NONE},
};

/** Which field a key of an object in context `ctx` names (NULL: none), and the context of its value. */
static Val *field(Parser *p, enum Ctx ctx, Rec *rec, const Val *k, enum Ctx *child, Rec **childRec) {
  *child = C_NONE;
  *childRec = rec;
  // Where a progress line keeps the sub-agent's record: top.data.message.
  if (ctx == C_TOP && keyIs(p, k, "data")) {
    *child = C_DATA;
    return &p->line->data;
  }
  if (ctx == C_DATA) {
    if (!keyIs(p, k, "message")) return NULL;
    *child = C_SUB;
    *childRec = &p->line->sub;
    return &p->line->dataMsg;
  }
  enum Ctx in = ctx == C_SUB ? C_TOP : ctx;
  size_t len = (size_t)(k->e - k->s);
  for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
    if (KEYS[i].ctx != in || KEYS[i].len != len || memcmp(p->b + k->s, KEYS[i].name, len) != 0) continue;
    *child = KEYS[i].child;
    return (Val *)((char *)rec + KEYS[i].field);
  }
  return NULL;
}

/**
 * A later duplicate key replaces the earlier value whole (JSON.parse keeps the last): what was
 * read inside the earlier value is forgotten before the new one is parsed.
 */
static void forget(Parser *p, enum Ctx child, Rec *rec) {
  switch (child) {
    case C_SUB: memset(&p->line->sub, 0, sizeof(Rec)); break;
    case C_DATA:
      memset(&p->line->dataMsg, 0, sizeof(Val));
      memset(&p->line->sub, 0, sizeof(Rec));
      break;
    case C_MESSAGE:
      memset(&rec->model, 0, sizeof(Val) * 11);  // model .. e1h
      break;
    case C_USAGE:
      memset(&rec->input, 0, sizeof(Val) * 8);  // input .. e1h
      break;
    case C_SPLIT:
      memset(&rec->e5m, 0, sizeof(Val) * 2);
      break;
    default: break;
  }
}

/** After a member or element: 1 when a comma follows (another one comes), else 0 (closed, or bad). */
static int another(Parser *p, uint8_t close) {
  ws(p);
  if (p->i < p->n && p->b[p->i] == ',') {
    p->i++;
    ws(p);
    return 1;
  }
  if (p->i < p->n && p->b[p->i] == close) p->i++;
  else p->bad = 1;
  return 0;
}

static void object(Parser *p, enum Ctx ctx, Rec *rec) {
  p->i++;  // {
  ws(p);
  if (p->i < p->n && p->b[p->i] == '}') { p->i++; return; }
  for (;;) {
    if (p->i >= p->n || p->b[p->i] != '"') { p->bad = 1; return; }
    Val k = {0};
    string(p, &k);
    if (p->bad) return;
    ws(p);
    if (p->i >= p->n || p->b[p->i] != ':') { p->bad = 1; return; }
    p->i++;
    ws(p);
    Val *target = NULL;
    enum Ctx child = C_NONE;
    Rec *childRec = rec;
    if (ctx != C_NONE) {
      if (k.escaped) p->escapedKey = 1;
      else {
        target = field(p, ctx, rec, &k, &child, &childRec);
      }
    }
    if (target) {
      forget(p, child, childRec);
      memset(target, 0, sizeof(Val));
    }
    value(p, child, childRec, target);
    if (p->bad || !another(p, '}')) return;
  }
}

static void array(Parser *p) {
  p->i++;  // [
  ws(p);
  if (p->i < p->n && p->b[p->i] == ']') { p->i++; return; }
  for (;;) {
    value(p, C_NONE, NULL, NULL);
    if (p->bad || !another(p, ']')) return;
  }
}

static void value(Parser *p, enum Ctx ctx, Rec *rec, Val *v) {
  if (p->i >= p->n) { p->bad = 1; return; }
  uint8_t c = p->b[p->i];
  if (c == '{') {
    if (++p->depth > MAX_DEPTH) { p->bad = p->deep = 1; return; }
    if (v) v->kind = OBJECT;
    object(p, ctx, rec);
    p->depth--;
  } else if (c == '[') {
    if (++p->depth > MAX_DEPTH) { p->bad = p->deep = 1; return; }
    if (v) v->kind = ARRAY;
    array(p);
    p->depth--;
  } else if (c == '"') {
    string(p, v);
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    number(p, v);
  } else if (c == 't') {
    if (literal(p, "true", 4) && v) v->kind = TRUE_;
  } else if (c == 'f') {
    if (literal(p, "false", 5) && v) v->kind = FALSE_;
  } else if (c == 'n') {
    if (literal(p, "null", 4) && v) v->kind = NULL_;
  } else {
    p->bad = 1;
  }
}

// ---- usageOf ---------------------------------------------------------------------------------

enum Verdict { NO_USAGE, MALFORMED, USAGE, FALLBACK };

static int strEq(const uint8_t *b, const Val *v, const char *s) {
  size_t len = strlen(s);
  return v->kind == STRING && (size_t)(v->e - v->s) == len && memcmp(b + v->s, s, len) == 0;
}

/** count() of parse-line.ts: 0 when absent or null, -1 (NaN) when not an integer in range, -2 unsure. */
static int64_t count(const Val *v) {
  if (v->kind == ABSENT || v->kind == NULL_) return 0;
  if (v->kind != NUMBER) return -1;
  if (!v->simple) return -2;
  return v->num > MAX_COUNT ? -1 : v->num;
}

static int daysIn(int y, int m) {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

static int digits(const uint8_t *s, int64_t from, int len) {
  int n = 0;
  for (int i = 0; i < len; i++) {
    int d = s[from + i] - '0';
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** parseTimestamp of timestamp.ts over s[0, len); 0 = ok (ms in *out). */
static int timestamp(const uint8_t *s, int64_t len, double *out) {
  if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return -1;
  int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return -1;
  if (!(y >= 2000 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h <= 23 && mi <= 59 && sec <= 59)) return -1;
  int64_t p = 19;
  int ms = 0;
  if (p < len && s[p] == '.') {
    int64_t from = ++p;
    while (p < len && p - from < 9 && s[p] >= '0' && s[p] <= '9') p++;
    if (p == from) return -1;
    for (int64_t k = from; k < from + 3; k++) ms = ms * 10 + (k < p ? s[k] - '0' : 0);
  }
  int64_t offset = 0;
  if (p < len && s[p] == 'Z') p++;
  else if (p < len && (s[p] == '+' || s[p] == '-') && p + 3 < len && s[p + 3] == ':') {
    if (p + 6 > len) return -1;
    int oh = digits(s, p + 1, 2), om = digits(s, p + 4, 2);
    if (oh < 0 || om < 0 || !(oh <= 23 && om <= 59)) return -1;
    offset = (s[p] == '-' ? -1 : 1) * (int64_t)(oh * 60 + om) * 60000;
    p += 6;
  } else return -1;
  if (p != len) return -1;
  *out = (double)(daysFromCivil(y, mo, d) * 86400000LL + (int64_t)h * 3600000 + (int64_t)mi * 60000 + (int64_t)sec * 1000 + ms - offset);
  return 0;
}

typedef struct {
  double ts;
  int64_t tokens[6];
  int sidechain;
  // Byte ranges of the strings read (in the parsed text); from = -1: absent.
  int64_t model[2], session[2], speed[2], id[2], request[2];
} Usage;

static void take(int64_t r[2], const Val *v) {
  r[0] = v ? v->s : -1;
  r[1] = v ? v->e : -1;
}

/** A string field usable as read (no escape), or unsure. */
#define PLAIN(v) ((v)->kind != STRING || !(v)->escaped)

static enum Verdict usageOf(const uint8_t *b, Line *line, Usage *u) {
  Rec *rec;
  Val ts;
  if (line->top.type.kind == STRING && line->top.type.escaped) return FALLBACK;
  if (strEq(b, &line->top.type, "assistant")) {
    rec = &line->top;
    u->sidechain = rec->isSidechain.kind == TRUE_;
    ts = rec->timestamp;
  } else if (strEq(b, &line->top.type, "progress")) {
    // A sub-agent's response mirrored into its parent: data.message is the record.
    if (line->data.kind != OBJECT || line->dataMsg.kind != OBJECT) return NO_USAGE;
    rec = &line->sub;
    if (rec->message.kind != OBJECT || rec->usage.kind != OBJECT) return NO_USAGE;
    u->sidechain = 1;
    ts = rec->timestamp.kind == ABSENT ? line->top.timestamp : rec->timestamp;
  } else {
    return NO_USAGE;
  }
  if (rec->message.kind != OBJECT) return MALFORMED;
  if (rec->usage.kind == ABSENT) return NO_USAGE;
  if (rec->usage.kind != OBJECT) return MALFORMED;
  if (!PLAIN(&rec->model)) return FALLBACK;
  int hasModel = rec->model.kind == STRING && rec->model.e > rec->model.s;
  if ((hasModel && strEq(b, &rec->model, "<synthetic>")) || rec->isApiErrorMessage.kind == TRUE_) return NO_USAGE;
  if (ts.kind != STRING) return MALFORMED;
  if (ts.escaped) return FALLBACK;
  if (timestamp(b + ts.s, ts.e - ts.s, &u->ts) != 0) return MALFORMED;
  int64_t input = count(&rec->input), output = count(&rec->output), cacheRead = count(&rec->cacheRead), cacheCreation = count(&rec->cacheCreation);
  int64_t c5m = cacheCreation, c1h = 0;
  if (input == -2 || output == -2 || cacheRead == -2 || cacheCreation == -2) return FALLBACK;
  if (rec->split.kind == OBJECT) {
    int64_t a = count(&rec->e5m), c = count(&rec->e1h);
    if (a == -2 || c == -2) return FALLBACK;
    if (a < 0 || c < 0) return MALFORMED;
    if (a + c > 0 || cacheCreation == 0) {
      c5m = a;
      c1h = c;
      if (rec->cacheCreation.kind == ABSENT) cacheCreation = a + c;
    }
  }
  if (input < 0 || output < 0 || cacheRead < 0 || cacheCreation < 0) return MALFORMED;
  if (rec->id.kind != ABSENT && rec->id.kind != STRING) return MALFORMED;
  if (rec->requestId.kind != ABSENT && rec->requestId.kind != NULL_ && rec->requestId.kind != STRING) return MALFORMED;
  if (!PLAIN(&rec->id) || !PLAIN(&rec->requestId) || !PLAIN(&rec->speed) || !PLAIN(&rec->sessionId)) return FALLBACK;
  u->tokens[0] = input;
  u->tokens[1] = output;
  u->tokens[2] = cacheCreation;
  u->tokens[3] = cacheRead;
  u->tokens[4] = c5m;
  u->tokens[5] = c1h;
  take(u->model, hasModel ? &rec->model : NULL);
  take(u->id, rec->id.kind == STRING && rec->id.e > rec->id.s ? &rec->id : NULL);
  take(u->request, rec->requestId.kind == STRING && rec->requestId.e > rec->requestId.s ? &rec->requestId : NULL);
  const Val *session = rec->sessionId.kind == STRING && rec->sessionId.e > rec->sessionId.s ? &rec->sessionId : NULL;
  if (!session && rec != &line->top) {
    if (!PLAIN(&line->top.sessionId)) return FALLBACK;
    session = line->top.sessionId.kind == STRING && line->top.sessionId.e > line->top.sessionId.s ? &line->top.sessionId : NULL;
  }
  take(u->session, session);
  take(u->speed, rec->speed.kind == STRING ? &rec->speed : NULL);
  return USAGE;
}

// ---- lines -----------------------------------------------------------------------------------

typedef struct {
  uint8_t *buf;
  size_t cap;
} Scratch;

/** Parses text[0, n) as one JSON object and applies usageOf. */
static enum Verdict parseLine(const uint8_t *text, int64_t n, Usage *u, int *bad) {
  Line line;
  memset(&line, 0, sizeof line);
  Parser p = {text, 0, n, 0, 0, 0, 0, &line};
  ws(&p);
  if (p.i < p.n && p.b[p.i] == '{') {
    p.depth = 1;
    object(&p, C_TOP, &line.top);
  } else p.bad = 1;
  if (!p.bad) {
    ws(&p);
    if (p.i != p.n) p.bad = 1;
  }
  *bad = p.bad;
  if (p.deep || p.escapedKey) return FALLBACK;
  if (p.bad) return MALFORMED;
  return usageOf(text, &line, u);
}

/**
 * lineUsage of line-scan.ts for b[s, e): when the line has Claude Code's shape, only the text
 * around the message content (head + tail, copied side by side into scratch) is parsed, else
 * (or when that is not JSON) the whole line. The ranges in `u` point into *text.
 */
static enum Verdict lineUsage(const uint8_t *b, int64_t s, int64_t e, Scratch *scratch, Usage *u, const uint8_t **text) {
  int bad;
  *text = b + s;
  int64_t c = FIND(b, s, e, "\"content\":[");
  int64_t end = c == -1 ? -1 : FIND(b, c, e, "],\"stop_reason\":");
  if (end == -1) return FIND(b, s, e, "\"usage\"") == -1 ? NO_USAGE : parseLine(b + s, e - s, u, &bad);
  if (FIND(b, end, e, "\"usage\"") == -1) return FIND(b, s, c, "\"usage\"") == -1 ? NO_USAGE : parseLine(b + s, e - s, u, &bad);
  int64_t head = c + 11 - s;
  int64_t len = head + (e - end);
  if ((size_t)len > scratch->cap) {
    size_t cap = scratch->cap ? scratch->cap : 4096;
    while (cap < (size_t)len) cap *= 2;
    uint8_t *grown = realloc(scratch->buf, cap);
    if (!grown) return FALLBACK;
    scratch->buf = grown;
    scratch->cap = cap;
  }
  memcpy(scratch->buf, b + s, (size_t)head);
  memcpy(scratch->buf + head, b + end, (size_t)(e - end));
  enum Verdict v = parseLine(scratch->buf, len, u, &bad);
  if (!bad) {
    *text = scratch->buf;
    return v;
  }
  // Not the expected shape after all: the whole line, as JSON.parse would.
  return v == FALLBACK ? FALLBACK : parseLine(b + s, e - s, u, &bad);
}

static int isUserLine(const uint8_t *b, int64_t s, int64_t e) {
  int64_t limit = e - s < HEAD + 7 ? e : s + HEAD + 7;
  int64_t t = FIND(b, s, limit, "\"type\":\"");
  if (t == -1) return 0;
  int64_t v = t + 8;
  return v + 5 <= e && memcmp(b + v, "user\"", 5) == 0;
}

// ---- one file ----------------------------------------------------------------------------------
// scanFile of src/adapters/fs-read.ts: reads a transcript from a byte offset in blocks of complete
// lines (a longer line than MAX_LINE is skipped and counted), scans each block like scanBlock,
// merges the copies of one response inside the file like its `collect`, and keeps what the file
// taught (FileMeta). A file with anything this code does not judge itself (see the top of this
// file), or that cannot be read, comes back UNSURE: the caller reads it in JavaScript.

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#define CHUNK (1 << 20)
#define MAX_LINE (64 << 20)
#define NUMS 11
#define IDS 6  // per copy: message id from, to, request id from, to (in text), their FNV-1a hashes


/** Open-addressing table of row numbers by a hash (0 = empty slot, rows stored + 1). */
typedef struct {
  uint32_t *slots;
  uint32_t *hashes;
  size_t cap, used;
} Table;

static uint32_t fnv(const uint8_t *b, size_t len) {
  uint32_t h = 0x811c9dc5u;
  for (size_t i = 0; i < len; i++) h = (h ^ b[i]) * 0x01000193u;
  return h;
}

static int tableGrow(Table *t) {
  size_t cap = t->cap ? t->cap * 2 : 256;
  uint32_t *slots = calloc(cap, sizeof *slots), *hashes = calloc(cap, sizeof *hashes);
  if (!slots || !hashes) {
    free(slots);
    free(hashes);
    return 0;
  }
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->slots[i]) continue;
    size_t j = t->hashes[i] & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = t->slots[i];
    hashes[j] = t->hashes[i];
  }
  free(t->slots);
  free(t->hashes);
  t->slots = slots;
  t->hashes = hashes;
  t->cap = cap;
  return 1;
}

typedef struct {
  // in
  char *path;
  double offset;
  int pendingNewline, needCwd, needSession, needFirstTs, wantMarker;
  // out
  int unsure;
  double consumed;
  int pendingOut;
  double bytesRead, skipped, firstTs, lastTs, copies;
  int ultracode;
  int64_t cwdFrom, cwdTo, sessionFrom, sessionTo;  // in text; -1 = none
  int cwdEscaped, sessionEscaped;
  Doubles nums;  // NUMS per merged copy
  Bytes text;    // ids, names, cwd and session bytes
  U32s ids;      // IDS per copy (from == to: none)
  U32s names;    // per name: from, to (in text); name 0 is '' (none)
  Table byRequest;  // merged copies by request id
  Table nameTable;
  Scratch scratch;
} Job;

static int64_t putText(Job *j, const uint8_t *b, size_t len) {
  if (!GROW(j->text, j->text.n + len)) return -1;
  memcpy(j->text.p + j->text.n, b, len);
  j->text.n += len;
  return (int64_t)(j->text.n - len);
}

/** Index of a name (model, session id, speed) in j->names, 0 for none; -1 when out of memory. */
static int64_t nameOf(Job *j, const uint8_t *b, size_t len) {
  if (len == 0) return 0;
  Table *t = &j->nameTable;
  if ((t->used + 1) * 2 > t->cap && !tableGrow(t)) return -1;
  uint32_t h = fnv(b, len);
  size_t k = h & (t->cap - 1);
  for (; t->slots[k]; k = (k + 1) & (t->cap - 1)) {
    uint32_t idx = t->slots[k];
    uint32_t from = j->names.p[idx * 2], to = j->names.p[idx * 2 + 1];
    if (t->hashes[k] == h && to - from == len && memcmp(j->text.p + from, b, len) == 0) return idx;
  }
  if (j->names.n == 0) {  // name 0: none
    if (!GROW(j->names, 2)) return -1;
    j->names.p[0] = j->names.p[1] = 0;
    j->names.n = 2;
  }
  int64_t at = putText(j, b, len);
  if (at < 0 || !GROW(j->names, j->names.n + 2)) return -1;
  uint32_t idx = (uint32_t)(j->names.n / 2);
  j->names.p[j->names.n++] = (uint32_t)at;
  j->names.p[j->names.n++] = (uint32_t)(at + (int64_t)len);
  t->slots[k] = idx;
  t->hashes[k] = h;
  t->used++;
  return idx;
}

static int ascii(const uint8_t *b, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (b[i] >= 0x80) return 0;
  return 1;
}

static void writeCopy(double *o, double ts, const Usage *u, const int64_t names[3]) {
  o[0] = ts;
  for (int k = 0; k < 6; k++) o[1 + k] = (double)u->tokens[k];
  o[7] = u->sidechain;
  o[8] = (double)names[0];
  o[9] = (double)names[1];
  o[10] = (double)names[2];
}

/** `collect` of fs-read.ts: one usage copy, merged with an earlier copy of the same response in this file. */
static int collect(Job *j, const Usage *u, const uint8_t *text) {
  j->copies++;
  const uint8_t *mid = u->id[0] >= 0 ? text + u->id[0] : NULL;
  size_t midLen = mid ? (size_t)(u->id[1] - u->id[0]) : 0;
  const uint8_t *rid = u->request[0] >= 0 ? text + u->request[0] : NULL;
  size_t ridLen = rid ? (size_t)(u->request[1] - u->request[0]) : 0;
  // Ids are compared as JavaScript strings there; as bytes here, which is the same only for ASCII.
  if (!ascii(mid ? mid : (const uint8_t *)"", midLen) || !ascii(rid ? rid : (const uint8_t *)"", ridLen)) return 0;
  int64_t names[3];
  names[0] = u->model[0] >= 0 ? nameOf(j, text + u->model[0], (size_t)(u->model[1] - u->model[0])) : nameOf(j, (const uint8_t *)"unknown", 7);
  names[1] = u->session[0] >= 0 ? nameOf(j, text + u->session[0], (size_t)(u->session[1] - u->session[0])) : 0;
  names[2] = u->speed[0] >= 0 ? nameOf(j, text + u->speed[0], (size_t)(u->speed[1] - u->speed[0])) : 0;
  double total = (double)(u->tokens[0] + u->tokens[1] + u->tokens[2] + u->tokens[3]);
  int keyed = mid != NULL && rid != NULL;
  Table *t = &j->byRequest;
  uint32_t h = 0;
  size_t slot = 0;
  int64_t prev = -1;
  if (keyed) {
    if ((t->used + 1) * 2 > t->cap && !tableGrow(t)) return 0;
    h = fnv(rid, ridLen);
    for (slot = h & (t->cap - 1); t->slots[slot]; slot = (slot + 1) & (t->cap - 1)) {
      uint32_t row = t->slots[slot] - 1;
      const uint32_t *id = j->ids.p + row * IDS;
      if (t->hashes[slot] == h && id[3] - id[2] == ridLen && memcmp(j->text.p + id[2], rid, ridLen) == 0) {
        prev = row;
        break;
      }
    }
    // Only the first copy with a request id is found by it; another message id is another response.
    if (prev >= 0) {
      const uint32_t *id = j->ids.p + prev * IDS;
      if (!(id[1] - id[0] == midLen && memcmp(j->text.p + id[0], mid, midLen) == 0)) prev = -2;
    }
  }
  if (prev >= 0) {
    double *o = j->nums.p + prev * NUMS;
    double earliest = o[0] < u->ts ? o[0] : u->ts;
    if (total >= o[1] + o[2] + o[3] + o[4]) writeCopy(o, earliest, u, names);
    else o[0] = earliest;
    return 1;
  }
  size_t row = j->nums.n / NUMS;
  if (!GROW(j->nums, j->nums.n + NUMS) || !GROW(j->ids, j->ids.n + IDS)) return 0;
  int64_t m = putText(j, mid ? mid : (const uint8_t *)"", midLen);
  int64_t r = putText(j, rid ? rid : (const uint8_t *)"", ridLen);
  if (m < 0 || r < 0) return 0;
  writeCopy(j->nums.p + j->nums.n, u->ts, u, names);
  j->nums.n += NUMS;
  uint32_t *id = j->ids.p + j->ids.n;
  id[0] = (uint32_t)m;
  id[1] = (uint32_t)(m + (int64_t)midLen);
  id[2] = (uint32_t)r;
  id[3] = (uint32_t)(r + (int64_t)ridLen);
  id[4] = mid ? fnv(mid, midLen) : 0;
  id[5] = rid ? (keyed ? h : fnv(rid, ridLen)) : 0;
  j->ids.n += IDS;
  if (keyed && prev == -1) {
    t->slots[slot] = (uint32_t)row + 1;
    t->hashes[slot] = h;
    t->used++;
  }
  return 1;
}

/** stringAt of line-scan.ts: the string value from `start` (after its quote); 1 found, 0 not, -1 unsure. */
static int stringAt(const uint8_t *b, int64_t n, int64_t start, int64_t *to, int *escaped) {
  int64_t i = start;
  *escaped = 0;
  for (; i < n; i++) {
    uint8_t c = b[i];
    if (c == '"') break;
    if (c == '\n') return 0;
    if (c == '\\') {
      *escaped = 1;
      i++;
    }
  }
  if (i >= n) return 0;
  *to = i;
  if (!*escaped) return 1;
  // JSON.parse of the quoted text: the strict grammar says the same, from the same closing quote.
  Parser p = {b, start - 1, i + 1, 0, 0, 0, 0, NULL};
  Val v = {0};
  string(&p, &v);
  return !p.bad && p.i == i + 1 ? 1 : 0;
}

/** firstValue of line-scan.ts (cwd, sessionId) into j->text; 1 found. */
static int firstValue(Job *j, const uint8_t *b, int64_t n, const char *needle, size_t m, int64_t *from, int64_t *to, int *escaped) {
  for (int64_t at = find(b, 0, n, needle, m); at != -1; at = find(b, at + (int64_t)m, n, needle, m)) {
    int64_t s = at + (int64_t)m, e;
    if (stringAt(b, n, s, &e, escaped) != 1 || e == s) continue;
    // An escaped value keeps its quotes: the caller JSON.parse's it.
    if (*escaped) s--, e++;
    int64_t k = putText(j, b + s, (size_t)(e - s));
    if (k < 0) return -1;
    *from = k;
    *to = k + (e - s);
    return 1;
  }
  return 0;
}

/** Last start of needle in b[0, n) at or before maxStart, or -1 (Buffer#lastIndexOf). */
static int64_t findLast(const uint8_t *b, int64_t n, int64_t maxStart, const char *needle, size_t m) {
  int64_t k = n - (int64_t)m < maxStart ? n - (int64_t)m : maxStart;
  for (; k >= 0; k--)
    if (b[k] == (uint8_t)needle[0] && memcmp(b + k, needle, m) == 0) return k;
  return -1;
}

/** timestampIn of line-scan.ts: first (or last) valid timestamp value; 1 found, 0 none, -1 unsure. */
static int timestampIn(const uint8_t *b, int64_t n, int fromEnd, double *out) {
  static const char NEEDLE[] = "\"timestamp\":\"";
  const size_t m = sizeof NEEDLE - 1;
  int64_t at = fromEnd ? findLast(b, n, n, NEEDLE, m) : find(b, 0, n, NEEDLE, m);
  while (at != -1) {
    int64_t e;
    int escaped;
    if (stringAt(b, n, at + (int64_t)m, &e, &escaped) == 1) {
      // An escaped value would need unescaping first: the JavaScript reader does that.
      if (escaped) return -1;
      if (timestamp(b + at + m, e - at - (int64_t)m, out) == 0) return 1;
    }
    at = fromEnd ? (at == 0 ? -1 : findLast(b, n, at - 1, NEEDLE, m)) : find(b, at + 1, n, NEEDLE, m);
  }
  return 0;
}

/** scanBlock of line-scan.ts over b[0, n): 0 ok, -1 unsure. */
static int scanBlock(Job *j, const uint8_t *b, int64_t n) {
  if (j->needCwd) {
    int r = firstValue(j, b, n, "\"cwd\":\"", 7, &j->cwdFrom, &j->cwdTo, &j->cwdEscaped);
    if (r < 0) return -1;
    if (r) j->needCwd = 0;
  }
  if (j->needSession) {
    int r = firstValue(j, b, n, "\"sessionId\":\"", 13, &j->sessionFrom, &j->sessionTo, &j->sessionEscaped);
    if (r < 0) return -1;
    if (r) j->needSession = 0;
  }
  double ts;
  if (j->needFirstTs) {
    int r = timestampIn(b, n, 0, &ts);
    if (r < 0) return -1;
    if (r) {
      j->firstTs = ts;
      j->needFirstTs = 0;
    }
  }
  int r = timestampIn(b, n, 1, &ts);
  if (r < 0) return -1;
  if (r) j->lastTs = ts;
  if (j->wantMarker && (FIND(b, 0, n, "\"name\":\"Workflow\"") != -1 || FIND(b, 0, n, "ultracode") != -1)) {
    j->ultracode = 1;
    j->wantMarker = 0;
  }
  int64_t pos = 0;
  while (pos < n) {
    const uint8_t *nlp = memchr(b + pos, '\n', (size_t)(n - pos));
    int64_t nl = nlp ? (int64_t)(nlp - b) : n;
    int64_t e = nl;
    while (e > pos && (b[e - 1] == '\r' || b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
    int64_t s = pos;
    while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
    if (e - s >= 3 && b[s] == 0xef && b[s + 1] == 0xbb && b[s + 2] == 0xbf) s += 3;
    if (s == e || b[s] != '{' || b[e - 1] != '}') {
      j->skipped++;
    } else if (!isUserLine(b, s, e) || FIND(b, s, e, "\"usage\"") != -1) {
      Usage u;
      const uint8_t *text;
      enum Verdict v = lineUsage(b, s, e, &j->scratch, &u, &text);
      if (v == FALLBACK) return -1;
      if (v == MALFORMED) j->skipped++;
      else if (v == USAGE && !collect(j, &u, text)) return -1;
    }
    pos = nl + 1;
  }
  return 0;
}

/** isCompleteLine of line-scan.ts: 1 yes, 0 no, -1 unsure. */
static int isCompleteLine(const uint8_t *b, int64_t n) {
  int64_t s = 0, e = n;
  while (e > s && (b[e - 1] == '\r' || b[e - 1] == ' ')) e--;
  while (s < e && b[s] == ' ') s++;
  if (e - s >= 3 && b[s] == 0xef && b[s + 1] == 0xbb && b[s + 2] == 0xbf) s += 3;
  if (s == e || b[s] != '{' || b[e - 1] != '}') return 0;
  Parser p = {b, s, e, 0, 0, 0, 0, NULL};
  value(&p, C_NONE, NULL, NULL);
  if (!p.bad) {
    ws(&p);
    if (p.i != p.n) p.bad = 1;
  }
  if (p.deep) return -1;
  return p.bad ? 0 : 1;
}

static void closeFile(int fd) {
#ifdef _WIN32
  _close(fd);
#else
  close(fd);
#endif
}

static void scanFile(Job *j) {
  j->consumed = j->offset;
  j->firstTs = j->lastTs = NAN;
  j->cwdFrom = j->sessionFrom = -1;
#ifdef _WIN32
  int fd = _open(j->path, _O_RDONLY | _O_BINARY);
#else
  // Non-blocking: a FIFO put where a transcript was must not hold a pool thread.
  int fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
#endif
  if (fd < 0) {
    j->unsure = 1;
    return;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    j->unsure = 1;
    closeFile(fd);
    return;
  }
  size_t cap = CHUNK * 2;
  uint8_t *buf = malloc(cap);
  int64_t carry = 0, pos = (int64_t)j->offset, consumed = (int64_t)j->offset;
  int skipping = 0, freshSkip = 0, first = 1;
  if (!buf) goto unsure;
  for (;;) {
    if ((size_t)carry == cap) {
      if (cap >= MAX_LINE) {
        skipping = freshSkip = 1;
        j->skipped++;
        carry = 0;
      } else {
        size_t cap2 = cap * 2 < MAX_LINE ? cap * 2 : MAX_LINE;
        uint8_t *bigger = realloc(buf, cap2);
        if (!bigger) goto unsure;
        buf = bigger;
        cap = cap2;
      }
    }
#ifdef _WIN32
    _lseeki64(fd, pos, SEEK_SET);
    int64_t got = _read(fd, buf + carry, (unsigned)(cap - (size_t)carry));
#else
    int64_t got = pread(fd, buf + carry, cap - (size_t)carry, pos);
#endif
    if (got < 0) {
      if (errno == EINTR) continue;
      goto unsure;
    }
    if (got == 0) {
      // Counted once, when more of it (its newline) has arrived: not at every read until then.
      if (freshSkip) {
        skipping = 0;
        j->skipped--;
      }
      break;
    }
    freshSkip = 0;
    j->bytesRead += (double)got;
    int64_t start = 0;
    if (first) {
      first = 0;
      if (j->pendingNewline && buf[0] == '\n') {
        start = 1;
        consumed = pos + 1;
      }
    }
    pos += got;
    int64_t filled = carry + got;
    if (skipping) {
      const uint8_t *nlp = memchr(buf + carry, '\n', (size_t)(filled - carry));
      if (!nlp) {
        consumed = pos;
        continue;
      }
      skipping = 0;
      start = (int64_t)(nlp - buf) + 1;
      consumed = pos - (filled - start);
    }
    int64_t lastNl = filled - 1;
    while (lastNl >= 0 && buf[lastNl] != '\n') lastNl--;
    if (lastNl < start) {
      if (start > 0) memmove(buf, buf + start, (size_t)(filled - start));
      carry = filled - start;
      continue;
    }
    if (scanBlock(j, buf + start, lastNl + 1 - start) < 0) goto unsure;
    consumed = pos - (filled - lastNl - 1);
    carry = filled - lastNl - 1;
    if (carry > 0) memmove(buf, buf + lastNl + 1, (size_t)carry);
  }
  j->pendingOut = 0;
  if (carry > 0 && !skipping) {
    int complete = isCompleteLine(buf, carry);
    if (complete < 0) goto unsure;
    if (complete) {
      if (scanBlock(j, buf, carry) < 0) goto unsure;
      consumed += carry;
      j->pendingOut = 1;
    }
  }
  if (!j->pendingOut && consumed == (int64_t)j->offset && j->pendingNewline) j->pendingOut = 1;
  j->consumed = (double)consumed;
  goto done;
unsure:
  j->unsure = 1;
done:
  free(buf);
  closeFile(fd);
}

static void freeJob(Job *j) {
  free(j->path);
  free(j->nums.p);
  free(j->text.p);
  free(j->ids.p);
  free(j->names.p);
  free(j->byRequest.slots);
  free(j->byRequest.hashes);
  free(j->nameTable.slots);
  free(j->nameTable.hashes);
  free(j->scratch.buf);
  free(j);
}

// ---- N-API: scanFiles(jobs) -> Promise ------------------------------------------------------
// jobs: [[path, offset, pendingNewline, needs], ...], read one after another on one pool thread
// (one wake-up per batch: per file, the hand-over cost more than reading a small transcript).
// needs: bit 1 cwd, 2 sessionId, 4 first timestamp, 8 ultracode marker (not known yet).
// Resolves to one entry per job: null (read this file in JavaScript) or [head, nums, text, ids,
// names], head = Float64Array [consumed offset, pendingNewline, bytesRead, skipped lines,
// ultracode, firstTs, lastTs, copies, cwd from, cwd to, cwd escaped, session from, to, escaped]
// (from = -1: not found; escaped: the bytes are a quoted JSON string).

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  Job **jobs;
  uint32_t count;
} Work;

static void execute(napi_env env, void *data) {
  (void)env;
  Work *w = data;
  for (uint32_t k = 0; k < w->count; k++) scanFile(w->jobs[k]);
}

static napi_value typed(napi_env env, napi_typedarray_type type, const void *src, size_t count, size_t size) {
  void *data;
  napi_value ab, arr;
  if (napi_create_arraybuffer(env, count * size, &data, &ab) != napi_ok) return NULL;
  if (count) memcpy(data, src, count * size);
  if (napi_create_typedarray(env, type, count, ab, 0, &arr) != napi_ok) return NULL;
  return arr;
}

/** One job's result for JavaScript (null: handed back). */
static napi_value resultOf(napi_env env, Job *j) {
  napi_value result = NULL;
  if (!j->unsure) {
    double head[14] = {j->consumed, j->pendingOut, j->bytesRead, j->skipped, j->ultracode, j->firstTs, j->lastTs, j->copies,
                       (double)j->cwdFrom, (double)j->cwdTo, j->cwdEscaped, (double)j->sessionFrom, (double)j->sessionTo, j->sessionEscaped};
    static const uint32_t none[2] = {0, 0};
    napi_value parts[5];
    void *textData;
    parts[0] = typed(env, napi_float64_array, head, 14, sizeof(double));
    parts[1] = typed(env, napi_float64_array, j->nums.p, j->nums.n, sizeof(double));
    if (napi_create_buffer_copy(env, j->text.n, j->text.n ? (const void *)j->text.p : "", &textData, &parts[2]) != napi_ok) parts[2] = NULL;
    parts[3] = typed(env, napi_uint32_array, j->ids.p, j->ids.n, sizeof(uint32_t));
    parts[4] = j->names.n ? typed(env, napi_uint32_array, j->names.p, j->names.n, sizeof(uint32_t)) : typed(env, napi_uint32_array, none, 2, sizeof(uint32_t));
    if (parts[0] && parts[1] && parts[2] && parts[3] && parts[4] && napi_create_array_with_length(env, 5, &result) == napi_ok) {
      for (uint32_t k = 0; k < 5; k++) napi_set_element(env, result, k, parts[k]);
    } else result = NULL;
  }
  if (!result) napi_get_null(env, &result);
  return result;
}

static void freeWork(Work *w) {
  for (uint32_t k = 0; k < w->count; k++)
    if (w->jobs[k]) freeJob(w->jobs[k]);
  free(w->jobs);
  free(w);
}

static void complete(napi_env env, napi_status status, void *data) {
  Work *w = data;
  napi_value results;
  if (status == napi_ok && napi_create_array_with_length(env, w->count, &results) == napi_ok) {
    for (uint32_t k = 0; k < w->count; k++) napi_set_element(env, results, k, resultOf(env, w->jobs[k]));
    napi_resolve_deferred(env, w->deferred, results);
  } else {
    napi_value none;
    napi_get_null(env, &none);
    napi_resolve_deferred(env, w->deferred, none);
  }
  napi_delete_async_work(env, w->work);
  freeWork(w);
}

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

/** Job k of the batch from its [path, offset, pendingNewline, needs]; NULL when malformed. */
static Job *jobOf(napi_env env, napi_value spec) {
  napi_value v[4];
  for (uint32_t k = 0; k < 4; k++)
    if (napi_get_element(env, spec, k, &v[k]) != napi_ok) return NULL;
  size_t len;
  if (napi_get_value_string_utf8(env, v[0], NULL, 0, &len) != napi_ok) return NULL;
  Job *j = calloc(1, sizeof *j);
  if (!j || !(j->path = malloc(len + 1))) {
    free(j);
    return NULL;
  }
  bool pending;
  int32_t needs;
  if (napi_get_value_string_utf8(env, v[0], j->path, len + 1, &len) != napi_ok || napi_get_value_double(env, v[1], &j->offset) != napi_ok ||
      napi_get_value_bool(env, v[2], &pending) != napi_ok || napi_get_value_int32(env, v[3], &needs) != napi_ok) {
    freeJob(j);
    return NULL;
  }
  j->pendingNewline = pending;
  j->needCwd = (needs & 1) != 0;
  j->needSession = (needs & 2) != 0;
  j->needFirstTs = (needs & 4) != 0;
  j->wantMarker = (needs & 8) != 0;
  return j;
}

static napi_value scanFilesJs(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value list;
  uint32_t count;
  bool isArray;
  if (napi_get_cb_info(env, info, &argc, &list, NULL, NULL) != napi_ok || argc < 1 || napi_is_array(env, list, &isArray) != napi_ok || !isArray ||
      napi_get_array_length(env, list, &count) != napi_ok)
    return fail(env, "scanFiles([[path, offset, pendingNewline, needs], ...])");
  Work *w = calloc(1, sizeof *w);
  if (!w || !(w->jobs = calloc(count ? count : 1, sizeof *w->jobs))) {
    free(w);
    return fail(env, "out of memory");
  }
  w->count = count;
  for (uint32_t k = 0; k < count; k++) {
    napi_value spec;
    if (napi_get_element(env, list, k, &spec) != napi_ok || !(w->jobs[k] = jobOf(env, spec))) {
      freeWork(w);
      return fail(env, "a job is [path: string, offset: number, pendingNewline: boolean, needs: integer]");
    }
  }
  napi_value promise, name;
  napi_create_string_utf8(env, "aura.scanFiles", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok || napi_create_async_work(env, NULL, name, execute, complete, w, &w->work) != napi_ok ||
      napi_queue_async_work(env, w->work) != napi_ok) {
    freeWork(w);
    return fail(env, "could not queue the scan");
  }
  return promise;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
#ifdef VECTOR_SEARCH
  __builtin_cpu_init();
  search = __builtin_cpu_supports("avx2") ? searchAvx2 : memmemBytes;
#endif
  napi_value fn;
  if (napi_create_function(env, "scanFiles", NAPI_AUTO_LENGTH, scanFilesJs, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "scanFiles", fn) != napi_ok) return NULL;
#ifndef _WIN32
  if (napi_create_function(env, "readIndex", NAPI_AUTO_LENGTH, auraReadIndex, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "readIndex", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "walkTree", NAPI_AUTO_LENGTH, auraWalkTree, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "walkTree", fn) != napi_ok) return NULL;
#endif
  return exports;
}
