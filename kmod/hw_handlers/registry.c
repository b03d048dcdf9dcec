// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hardware handlers known to mpath2, found by their table name.
 * Handlers built into the module register at module init; the KUnit
 * suites register a scripted one of their own.
 */
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "hw_handler.h"

static LIST_HEAD(mpath2_hw_handlers);
static DEFINE_MUTEX(mpath2_hw_handlers_lock);

static struct mpath2_hw_handler_type *find_locked(const char *name)
{
	struct mpath2_hw_handler_type *type;

	lockdep_assert_held(&mpath2_hw_handlers_lock);
	list_for_each_entry(type, &mpath2_hw_handlers, list)
		if (!strcmp(type->name, name))
			return type;
	return NULL;
}

int mpath2_hw_handler_register(struct mpath2_hw_handler_type *type)
{
	int r = 0;

	mutex_lock(&mpath2_hw_handlers_lock);
	if (find_locked(type->name))
		r = -EEXIST;
	else
		list_add_tail(&type->list, &mpath2_hw_handlers);
	mutex_unlock(&mpath2_hw_handlers_lock);
	return r;
}

void mpath2_hw_handler_unregister(struct mpath2_hw_handler_type *type)
{
	mutex_lock(&mpath2_hw_handlers_lock);
	list_del_init(&type->list);
	mutex_unlock(&mpath2_hw_handlers_lock);
}

/*
 * Called by the table constructor; a handler is unregistered only when
 * no table uses it (module exit, or a test suite's end).
 */
const struct mpath2_hw_handler_type *mpath2_hw_handler_find(const char *name)
{
	const struct mpath2_hw_handler_type *type;

	mutex_lock(&mpath2_hw_handlers_lock);
	type = find_locked(name);
	mutex_unlock(&mpath2_hw_handlers_lock);
	return type;
}
