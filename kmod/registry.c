// SPDX-License-Identifier: GPL-2.0-only
/*
 * The registry of named types shared by the selectors and the hardware
 * handlers; see registry.h.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "registry.h"

struct mpath2_registry_entry {
	struct list_head node;
	const char *name;
	const void *type;
};

static struct mpath2_registry_entry *find_locked(struct mpath2_registry *r,
						 const char *name)
{
	struct mpath2_registry_entry *e;

	lockdep_assert_held(&r->lock);
	list_for_each_entry(e, &r->entries, node)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

int mpath2_registry_add(struct mpath2_registry *r, const char *name,
			const void *type)
{
	struct mpath2_registry_entry *e;
	int r_err = 0;

	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->name = name;
	e->type = type;
	mutex_lock(&r->lock);
	if (find_locked(r, name))
		r_err = -EEXIST;
	else
		list_add_tail(&e->node, &r->entries);
	mutex_unlock(&r->lock);
	if (r_err)
		kfree(e);
	return r_err;
}

void mpath2_registry_remove(struct mpath2_registry *r, const void *type)
{
	struct mpath2_registry_entry *e, *tmp;

	mutex_lock(&r->lock);
	list_for_each_entry_safe(e, tmp, &r->entries, node) {
		if (e->type == type) {
			list_del(&e->node);
			kfree(e);
		}
	}
	mutex_unlock(&r->lock);
}

const void *mpath2_registry_find(struct mpath2_registry *r, const char *name)
{
	struct mpath2_registry_entry *e;
	const void *type;

	mutex_lock(&r->lock);
	e = find_locked(r, name);
	type = e ? e->type : NULL;
	mutex_unlock(&r->lock);
	return type;
}
