/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One registry pattern for mpath2's pluggable types: path selectors
 * (selectors/registry.c) and hardware handlers (hw_handlers/registry.c).
 * A type is registered under its table name: the built-in ones at module
 * init, the KUnit suites' scripted ones by the suites. The table
 * constructor looks types up by name (process context). A type is
 * unregistered only when no table uses it (module exit, a suite's end).
 */
#ifndef MPATH2_REGISTRY_H
#define MPATH2_REGISTRY_H

#include <linux/list.h>
#include <linux/mutex.h>

struct mpath2_registry {
	struct mutex lock;		/* the entries, at load and lookup */
	struct list_head entries;
};

/* 0, -EEXIST for a name taken, -ENOMEM. */
int mpath2_registry_add(struct mpath2_registry *r, const char *name,
			const void *type);
void mpath2_registry_remove(struct mpath2_registry *r, const void *type);
const void *mpath2_registry_find(struct mpath2_registry *r, const char *name);

#endif /* MPATH2_REGISTRY_H */
