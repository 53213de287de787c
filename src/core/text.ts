// Untrusted text (transcript fields, file names, process command lines, network replies, peer
// labels) must never reach the terminal as control sequences: an ESC in a model id could retitle
// the window or clear the screen, a newline breaks a table, a bidi override reorders what is read.

// C0 controls, DEL, C1 controls (0x80-0x9f), bidi embeddings/overrides/isolates, line/paragraph separators.
const UNSAFE_CHARS = '[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]';
const UNSAFE_ONE = new RegExp(UNSAFE_CHARS);
const UNSAFE_ALL = new RegExp(UNSAFE_CHARS, 'g');

/** True when `s` holds a control or bidi-control character. */
export const hasUnsafeText = (s: string): boolean => UNSAFE_ONE.test(s);

/** The string with every control or bidi-control character replaced by U+FFFD (visible, harmless). */
export const cleanText = (s: string): string => (UNSAFE_ONE.test(s) ? s.replace(UNSAFE_ALL, '\ufffd') : s);
