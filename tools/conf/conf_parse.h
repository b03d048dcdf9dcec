/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the mpath2.conf parser (not for its users: see config.h). The
 * grammar is conf_parse.c's, each section's meaning conf_section.c's, loading
 * and lookups config.c's.
 */
#ifndef MPATH2CTL_CONF_PARSE_H
#define MPATH2CTL_CONF_PARSE_H

#include <stdio.h>

#include "conf/blacklist.h"
#include "conf/config.h"
#include "conf/conf_value.h"
#include "conf/conf_token.h"

#define CONF_ERRLEN	256

struct conf_mpath {
	char *wwid;
	char *alias;		/* NULL if none */
	struct conf_level lv;
	int line;
	int drop;		/* unusable: warned, not kept */
};

struct conf_device {
	struct blacklist_regex vendor, product;
	struct conf_level lv;
	int drop;		/* unusable: warned, not kept */
};

struct mpath2_conf {
	struct conf_level defaults;	/* built-ins, then defaults{} */
	struct conf_level overrides;	/* over every device{} */
	char *unusable;			/* config_unusable()'s reason */
	struct conf_mpath *mpaths;
	size_t nr_mpaths;
	struct conf_device *devices;
	size_t nr_devices;
	struct blacklist black, except;
};

struct conf_parser {
	struct conf_token tok;
	enum conf_token_kind kind;	/* the current token */
	const char *name;	/* the file, for messages */
	FILE *err;
	struct mpath2_conf *conf;
};

/*
 * A section's body, after its '{': what each statement means is the
 * handler's. keyword() gets KEYWORD VALUE, subsection() a NAME '{' and
 * parses that body itself; close() checks the section at its '}'.
 */
struct conf_section_ops {
	int (*keyword)(struct conf_parser *p, void *ctx, const char *kw,
		       const char *value, int line);
	int (*subsection)(struct conf_parser *p, void *ctx, const char *name,
			  int line);
	int (*close)(struct conf_parser *p, void *ctx, int line);
};

/* "file:line: reason" on p->err; returns -1. */
__attribute__((format(printf, 3, 4)))
int conf_parse_error(struct conf_parser *p, int line, const char *fmt, ...);
/* "file:line: warning: ..." on p->err. */
__attribute__((format(printf, 3, 4)))
void conf_parse_warn(struct conf_parser *p, int line, const char *fmt, ...);

/* A section's body after its '{', through its '}'; 0 or -1. */
int conf_parse_body(struct conf_parser *p, const char *section, int open_line,
	      const struct conf_section_ops *ops, void *ctx);
/*
 * A section's body after its '{', through its '}', every statement and
 * subsection in it ignored (the caller warned); -1 only if it has no '}'.
 */
int conf_parse_skip(struct conf_parser *p, const char *section, int open_line);
/* The whole file; 0 or -1 after reporting. */
int conf_parse_file(struct conf_parser *p);

/* conf_section.c: top-level section @name, its '{' read at @line. */
int conf_section(struct conf_parser *p, const char *name, int line);
const struct conf_mpath *conf_section_find_mpath(const struct mpath2_conf *c,
					 const char *wwid, const char *alias);
void conf_section_mpath_free(struct conf_mpath *m);
void conf_section_device_free(struct conf_device *d);

#endif
