/*
 * Guarded libxml2 umbrella. Debian builds libxml2 with ICU, so <libxml/encoding.h> includes
 * <unicode/ucnv.h>; that ICU header clashes with Foundation's bundled ICU module on a clean build
 * ("'UErrorCode' has different definitions in different modules"). We pre-define the include guard
 * and declare only the two opaque ICU types libxml2's structs mention.
 */
#ifndef RAPPORT_CLIBXML2_SHIM_H
#define RAPPORT_CLIBXML2_SHIM_H

#include <stdint.h>

#ifndef UCNV_H
#define UCNV_H 1
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#endif

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* `xmlFree` is a global function-pointer variable: not concurrency-safe to name from Swift 6. */
static inline void rapport_xml_free(void *p) { if (p) xmlFree(p); }

static inline int rapport_html_parse_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
}

#endif
