/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fake sysfs trees for tests: files, directories and links under a
 * temporary root, and its removal. Every function returns 0 or -1.
 */
#ifndef MPATH2CTL_FAKEFS_H
#define MPATH2CTL_FAKEFS_H

#include <stddef.h>

/* mkdtemp() a root from @tmpl ("/tmp/x.XXXXXX", modified in place). */
int fakefs_new(char *tmpl);
/* Write @len bytes to <@root>/@rel, making its directories. */
int fakefs_write(const char *root, const char *rel, const void *data,
		 size_t len);
/* The same with a string. */
int fakefs_puts(const char *root, const char *rel, const char *s);
/* <@root>/@rel -> @target, making the link's directories. */
int fakefs_link(const char *root, const char *rel, const char *target);
/* mkdir -p <@root>/@rel */
int fakefs_mkdir(const char *root, const char *rel);
/* rm -rf @root */
void fakefs_remove(const char *root);

#endif
