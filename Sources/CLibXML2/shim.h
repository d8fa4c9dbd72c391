// Only the C shim target includes this; libxml2's headers pull in ICU, which clashes with
// Foundation's ICU when imported into Swift.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
