/*
 * rapport_icu.h — the ICU surface Rapport uses, with no ICU header in sight.
 *
 * All text is UTF-8; all positions are byte offsets into the caller's buffer. Functions return
 * a negative value on error (see RAPPORT_ICU_E_*), otherwise a count. Buffers are caller-owned:
 * when `capacity` is too small the required size is returned and nothing past `capacity` is written,
 * so callers resize and retry.
 */
#ifndef RAPPORT_ICU_H
#define RAPPORT_ICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RAPPORT_ICU_E_FAILURE (-1)      /* ICU reported an error */
#define RAPPORT_ICU_E_UNKNOWN_CHARSET (-2)
#define RAPPORT_ICU_E_INVALID_ARGUMENT (-3)

/* MARK: Break iteration */

/** Kind of boundary: word (locale-aware, dictionary-based for CJK/Thai) or sentence. */
typedef enum {
    RAPPORT_BREAK_WORD = 0,
    RAPPORT_BREAK_SENTENCE = 1,
} rapport_break_kind;

/** Opaque, reusable break iterator (not thread-safe; use one per thread). */
typedef struct rapport_breaker rapport_breaker;

/** Creates a break iterator for `locale` (e.g. "en", "" for root). NULL on failure. */
rapport_breaker *rapport_breaker_open(rapport_break_kind kind, const char *locale);
void rapport_breaker_close(rapport_breaker *breaker);

/**
 * Segments `text` (UTF-8, `length` bytes, need not be NUL-terminated).
 * Writes up to `capacity` segments: `starts[i]`/`ends[i]` byte offsets and `status[i]` — the ICU
 * rule status for words (0 none/punct/space, 100 number, 200 letter, 300 kana, 400 ideographic)
 * or 0 for sentences. Word mode skips segments whose status is 0 when `skip_non_words` is nonzero.
 * Returns the total segment count (may exceed capacity: resize and retry) or a negative error.
 */
int64_t rapport_breaker_segment(rapport_breaker *breaker, const uint8_t *text, int64_t length,
                                int skip_non_words, int64_t *starts, int64_t *ends, int32_t *status,
                                int64_t capacity);

/* MARK: Charsets */

/**
 * Converts `length` bytes in `charset` (any name or alias ICU knows) to UTF-8. Invalid or unmappable
 * input becomes U+FFFD. Returns the UTF-8 byte count (may exceed capacity: resize and retry), or
 * RAPPORT_ICU_E_UNKNOWN_CHARSET when ICU does not know the name.
 */
int64_t rapport_convert_to_utf8(const char *charset, const uint8_t *input, int64_t length, uint8_t *output,
                                int64_t capacity);

/** Whether ICU knows `charset` (name or alias). */
int rapport_charset_known(const char *charset);

/**
 * Detects the charset of `length` bytes. Writes the NUL-terminated canonical name (at most
 * `name_capacity` bytes) and returns ICU's confidence 0–100, or a negative error.
 * `declared` (may be NULL) is a hint such as a MIME or meta charset.
 */
int32_t rapport_detect_charset(const uint8_t *input, int64_t length, const char *declared, char *name,
                               int32_t name_capacity);

/* MARK: Normalization and case */

typedef enum {
    RAPPORT_NORM_NFC = 0,
    RAPPORT_NORM_NFKC = 1,
    RAPPORT_NORM_NFKC_CASEFOLD = 2, /* NFKC + full case folding + default-ignorables removed */
} rapport_norm_form;

/** Normalizes UTF-8 text. Returns the output byte count (resize and retry) or a negative error. */
int64_t rapport_normalize(rapport_norm_form form, const uint8_t *input, int64_t length, uint8_t *output,
                          int64_t capacity);

/** Full Unicode case folding (default mapping) of UTF-8 text. Same return convention. */
int64_t rapport_case_fold(const uint8_t *input, int64_t length, uint8_t *output, int64_t capacity);

/** Whether UTF-8 `input` is already in `form` (quick check; 1 yes, 0 no/maybe, <0 error). */
int rapport_is_normalized(rapport_norm_form form, const uint8_t *input, int64_t length);

/**
 * Unicode properties of code point `cp` as the linked ICU sees them: the Word_Break value
 * (ICU's `UWordBreakValues` numbering) in the low byte, plus 0x100 when the code point is
 * Extended_Pictographic. Returns -1 for values outside the code space.
 */
int32_t rapport_word_break_property(uint32_t cp);

/** The Sentence_Break value of code point `cp` (ICU's `USentenceBreak` numbering), -1 outside the code space. */
int32_t rapport_sentence_break_property(uint32_t cp);

/** ICU's version string, e.g. "72.1". */
const char *rapport_icu_version(void);

#ifdef __cplusplus
}
#endif
#endif
