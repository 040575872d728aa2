// ICU lives only in this file; the public header is ICU-free (see rapport_icu.h).
#include "rapport_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

struct rapport_breaker {
    UBreakIterator *iterator;
    rapport_break_kind kind;
};

rapport_breaker *rapport_breaker_open(rapport_break_kind kind, const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == RAPPORT_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD;
    UBreakIterator *it = ubrk_open(type, locale ? locale : "", NULL, 0, &status);
    if (U_FAILURE(status) || it == NULL) return NULL;
    rapport_breaker *b = (rapport_breaker *)malloc(sizeof(rapport_breaker));
    if (!b) {
        ubrk_close(it);
        return NULL;
    }
    b->iterator = it;
    b->kind = kind;
    return b;
}

void rapport_breaker_close(rapport_breaker *breaker) {
    if (!breaker) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int64_t rapport_breaker_segment(rapport_breaker *breaker, const uint8_t *text, int64_t length,
                                int skip_non_words, int64_t *starts, int64_t *ends, int32_t *status,
                                int64_t capacity) {
    if (!breaker || (!text && length > 0) || length < 0) return RAPPORT_ICU_E_INVALID_ARGUMENT;
    if (length == 0) return 0;
    UErrorCode err = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, (const char *)text, length, &err);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    ubrk_setUText(breaker->iterator, &ut, &err);
    if (U_FAILURE(err)) {
        utext_close(&ut);
        return RAPPORT_ICU_E_FAILURE;
    }
    int64_t count = 0;
    int32_t start = ubrk_first(breaker->iterator);
    for (int32_t end = ubrk_next(breaker->iterator); end != UBRK_DONE;
         start = end, end = ubrk_next(breaker->iterator)) {
        int32_t rule = breaker->kind == RAPPORT_BREAK_WORD ? ubrk_getRuleStatus(breaker->iterator) : 0;
        if (breaker->kind == RAPPORT_BREAK_WORD && skip_non_words && rule < UBRK_WORD_NONE_LIMIT) continue;
        if (count < capacity) {
            if (starts) starts[count] = start;
            if (ends) ends[count] = end;
            if (status) status[count] = rule;
        }
        count++;
    }
    // Detach the iterator from the caller's buffer before the UText goes away.
    UErrorCode reset = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, NULL, 0, &reset);
    utext_close(&ut);
    return count;
}

int64_t rapport_convert_to_utf8(const char *charset, const uint8_t *input, int64_t length, uint8_t *output,
                                int64_t capacity) {
    if (!charset || length < 0 || length > INT32_MAX || capacity > INT32_MAX)
        return RAPPORT_ICU_E_INVALID_ARGUMENT;
    if (length == 0) return 0;
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &err);
    if (U_FAILURE(err) || !conv) return RAPPORT_ICU_E_UNKNOWN_CHARSET;
    UConverter *utf8 = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err)) {
        ucnv_close(conv);
        return RAPPORT_ICU_E_FAILURE;
    }
    // Convert through UTF-16 in one call with pivoting; preflight when capacity is too small.
    char *target = (char *)output;
    const char *source = (const char *)input;
    int64_t total = 0;
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    char scratch[4096];
    int reset = 1;
    for (;;) {
        char *limit;
        char *dest;
        int usingScratch = total >= capacity;
        if (usingScratch) {
            dest = scratch;
            limit = scratch + sizeof(scratch);
        } else {
            dest = target + total;
            limit = (char *)output + capacity;
        }
        char *start = dest;
        err = U_ZERO_ERROR;
        ucnv_convertEx(utf8, conv, &dest, limit, &source, (const char *)input + length, pivot, &pivotSource,
                       &pivotTarget, pivot + 1024, reset, 1, &err);
        reset = 0;
        total += dest - start;
        if (err == U_BUFFER_OVERFLOW_ERROR) continue;
        break;
    }
    ucnv_close(conv);
    ucnv_close(utf8);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    return total;
}

int rapport_charset_known(const char *charset) {
    if (!charset || !*charset) return 0;
    UErrorCode err = U_ZERO_ERROR;
    const char *canonical = ucnv_getCanonicalName(charset, "MIME", &err);
    if (U_SUCCESS(err) && canonical) return 1;
    err = U_ZERO_ERROR;
    canonical = ucnv_getCanonicalName(charset, "IANA", &err);
    if (U_SUCCESS(err) && canonical) return 1;
    err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &err);
    if (conv) ucnv_close(conv);
    return U_SUCCESS(err) && conv ? 1 : 0;
}

int32_t rapport_detect_charset(const uint8_t *input, int64_t length, const char *declared, char *name,
                               int32_t name_capacity) {
    if (!name || name_capacity <= 0 || length < 0) return RAPPORT_ICU_E_INVALID_ARGUMENT;
    name[0] = 0;
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    int32_t len = length > INT32_MAX ? INT32_MAX : (int32_t)length;
    ucsdet_setText(det, (const char *)input, len, &err);
    if (declared && *declared) ucsdet_setDeclaredEncoding(det, declared, -1, &err);
    const UCharsetMatch *match = ucsdet_detect(det, &err);
    int32_t confidence = RAPPORT_ICU_E_FAILURE;
    if (U_SUCCESS(err) && match) {
        const char *detected = ucsdet_getName(match, &err);
        confidence = ucsdet_getConfidence(match, &err);
        if (U_SUCCESS(err) && detected) {
            strncpy(name, detected, (size_t)name_capacity - 1);
            name[name_capacity - 1] = 0;
        } else {
            confidence = RAPPORT_ICU_E_FAILURE;
        }
    }
    ucsdet_close(det);
    return confidence;
}

// UTF-8 → UTF-16 into a malloc'd buffer; returns NULL on failure.
static UChar *to_utf16(const uint8_t *input, int64_t length, int32_t *outLength) {
    if (length > INT32_MAX / 2) return NULL;
    UErrorCode err = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8WithSub(NULL, 0, &needed, (const char *)input, (int32_t)length, 0xFFFD, NULL, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return NULL;
    UChar *buf = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    if (!buf) return NULL;
    err = U_ZERO_ERROR;
    u_strFromUTF8WithSub(buf, needed + 1, outLength, (const char *)input, (int32_t)length, 0xFFFD, NULL, &err);
    if (U_FAILURE(err)) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int64_t from_utf16(const UChar *input, int32_t length, uint8_t *output, int64_t capacity) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t needed = 0;
    int32_t cap = capacity > INT32_MAX ? INT32_MAX : (int32_t)capacity;
    u_strToUTF8WithSub((char *)output, cap, &needed, input, length, 0xFFFD, NULL, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR || err == U_STRING_NOT_TERMINATED_WARNING || U_SUCCESS(err))
        return needed;
    return RAPPORT_ICU_E_FAILURE;
}

static const UNormalizer2 *instance(rapport_norm_form form, UErrorCode *err) {
    switch (form) {
    case RAPPORT_NORM_NFC: return unorm2_getNFCInstance(err);
    case RAPPORT_NORM_NFKC: return unorm2_getNFKCInstance(err);
    case RAPPORT_NORM_NFKC_CASEFOLD: return unorm2_getNFKCCasefoldInstance(err);
    }
    *err = U_ILLEGAL_ARGUMENT_ERROR;
    return NULL;
}

int64_t rapport_normalize(rapport_norm_form form, const uint8_t *input, int64_t length, uint8_t *output,
                          int64_t capacity) {
    if (length < 0) return RAPPORT_ICU_E_INVALID_ARGUMENT;
    if (length == 0) return 0;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *norm = instance(form, &err);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    int32_t srcLen = 0;
    UChar *src = to_utf16(input, length, &srcLen);
    if (!src) return RAPPORT_ICU_E_FAILURE;
    int32_t needed = unorm2_normalize(norm, src, srcLen, NULL, 0, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
        free(src);
        return RAPPORT_ICU_E_FAILURE;
    }
    UChar *dst = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    if (!dst) {
        free(src);
        return RAPPORT_ICU_E_FAILURE;
    }
    err = U_ZERO_ERROR;
    int32_t dstLen = unorm2_normalize(norm, src, srcLen, dst, needed + 1, &err);
    free(src);
    if (U_FAILURE(err)) {
        free(dst);
        return RAPPORT_ICU_E_FAILURE;
    }
    int64_t result = from_utf16(dst, dstLen, output, capacity);
    free(dst);
    return result;
}

int64_t rapport_case_fold(const uint8_t *input, int64_t length, uint8_t *output, int64_t capacity) {
    if (length < 0) return RAPPORT_ICU_E_INVALID_ARGUMENT;
    if (length == 0) return 0;
    int32_t srcLen = 0;
    UChar *src = to_utf16(input, length, &srcLen);
    if (!src) return RAPPORT_ICU_E_FAILURE;
    UErrorCode err = U_ZERO_ERROR;
    int32_t needed = u_strFoldCase(NULL, 0, src, srcLen, U_FOLD_CASE_DEFAULT, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
        free(src);
        return RAPPORT_ICU_E_FAILURE;
    }
    UChar *dst = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    if (!dst) {
        free(src);
        return RAPPORT_ICU_E_FAILURE;
    }
    err = U_ZERO_ERROR;
    int32_t dstLen = u_strFoldCase(dst, needed + 1, src, srcLen, U_FOLD_CASE_DEFAULT, &err);
    free(src);
    if (U_FAILURE(err)) {
        free(dst);
        return RAPPORT_ICU_E_FAILURE;
    }
    int64_t result = from_utf16(dst, dstLen, output, capacity);
    free(dst);
    return result;
}

int rapport_is_normalized(rapport_norm_form form, const uint8_t *input, int64_t length) {
    if (length < 0) return RAPPORT_ICU_E_INVALID_ARGUMENT;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *norm = instance(form, &err);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    int32_t srcLen = 0;
    UChar *src = to_utf16(input, length, &srcLen);
    if (!src) return RAPPORT_ICU_E_FAILURE;
    UNormalizationCheckResult r = unorm2_quickCheck(norm, src, srcLen, &err);
    free(src);
    if (U_FAILURE(err)) return RAPPORT_ICU_E_FAILURE;
    return r == UNORM_YES ? 1 : 0;
}

const char *rapport_icu_version(void) {
    static char version[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, version);
    return version;
}

int32_t rapport_word_break_property(uint32_t cp) {
    if (cp > 0x10FFFF) return -1;
    int32_t wb = u_getIntPropertyValue((UChar32)cp, UCHAR_WORD_BREAK) & 0xFF;
    if (u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC)) wb |= 0x100;
    return wb;
}

int32_t rapport_sentence_break_property(uint32_t cp) {
    if (cp > 0x10FFFF) return -1;
    return u_getIntPropertyValue((UChar32)cp, UCHAR_SENTENCE_BREAK);
}
