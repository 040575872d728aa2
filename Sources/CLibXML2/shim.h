/*
 * Guarded libxml2 umbrella. Debian builds libxml2 with ICU, so <libxml/encoding.h> includes
 * <unicode/ucnv.h>; that ICU header clashes with Foundation's bundled ICU module on a clean build
 * ("'UErrorCode' has different definitions in different modules"). We pre-define the include guard
 * and declare only the two opaque ICU types libxml2's structs mention.
 */
#ifndef RAPPORT_CLIBXML2_SHIM_H
#define RAPPORT_CLIBXML2_SHIM_H

#include <stdint.h>
#include <string.h>

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

/*
 * XPath `has-class('x')`: true when the context element's class attribute holds the token x (tokens
 * separated by ASCII whitespace). Reads the attribute's text in place: no allocation per element, unlike
 * the equivalent `contains(concat(' ', normalize-space(@class), ' '), ' x ')`.
 */
static inline int rapport_is_space(xmlChar c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static inline void rapport_xpath_has_class(xmlXPathParserContextPtr ctxt, int nargs) {
    if (nargs != 1) { xmlXPathErr(ctxt, XPATH_INVALID_ARITY); return; }
    xmlChar *want = xmlXPathPopString(ctxt);
    if (ctxt->error != 0) { if (want) xmlFree(want); return; }
    int found = 0;
    xmlNodePtr node = ctxt->context->node;
    size_t wlen = want ? strlen((const char *)want) : 0;
    if (node != NULL && node->type == XML_ELEMENT_NODE && wlen > 0) {
        xmlAttrPtr attr = xmlHasProp(node, (const xmlChar *)"class");
        for (xmlNodePtr t = attr ? attr->children : NULL; t != NULL && !found; t = t->next) {
            const xmlChar *c = t->content;
            if (t->type != XML_TEXT_NODE || c == NULL) continue;
            while (*c && !found) {
                while (*c && rapport_is_space(*c)) c++;
                const xmlChar *start = c;
                while (*c && !rapport_is_space(*c)) c++;
                if ((size_t)(c - start) == wlen && memcmp(start, want, wlen) == 0) found = 1;
            }
        }
    }
    if (want) xmlFree(want);
    valuePush(ctxt, xmlXPathNewBoolean(found));
}

/* Registers Rapport's XPath functions on a context. */
static inline void rapport_xpath_register(xmlXPathContextPtr ctx) {
    xmlXPathRegisterFunc(ctx, (const xmlChar *)"has-class", rapport_xpath_has_class);
}

static inline int rapport_html_parse_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
}

#endif
