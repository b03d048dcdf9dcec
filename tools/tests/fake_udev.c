// SPDX-License-Identifier: GPL-2.0-only
/* A libudev that lists fake_udev_devs (see fake_udev.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libudev.h>

#include "fake_udev.h"

const struct fake_udev_dev *fake_udev_devs;
size_t fake_udev_nr;
int fake_udev_fail;
char fake_udev_matches[256];
int fake_udev_live;
int fake_udev_stopped;

struct udev {
	int unused;
};

struct udev_list_entry {
	char name[64];			/* "/sys/fake/<sysname>" */
	struct udev_list_entry *next;
};

struct udev_enumerate {
	struct udev_list_entry *list;
};

struct udev_device {
	const struct fake_udev_dev *dev;
};

struct udev_queue {
	int unused;
};

void fake_udev_reset(void)
{
	fake_udev_devs = NULL;
	fake_udev_nr = 0;
	fake_udev_fail = 0;
	fake_udev_matches[0] = '\0';
	fake_udev_live = 0;
	fake_udev_stopped = 0;
}

static void note(const char *what, const char *a, const char *b)
{
	size_t n = strlen(fake_udev_matches);

	snprintf(fake_udev_matches + n, sizeof(fake_udev_matches) - n,
		 "%s=%s%s%s ", what, a, b ? "=" : "", b ? b : "");
}

struct udev *udev_new(void)
{
	static struct udev u;

	if (fake_udev_fail)
		return NULL;
	fake_udev_live++;
	return &u;
}

struct udev *udev_unref(struct udev *u)
{
	if (u)
		fake_udev_live--;
	return NULL;
}

struct udev_enumerate *udev_enumerate_new(struct udev *u)
{
	struct udev_enumerate *e = calloc(1, sizeof(*e));

	(void)u;
	if (e)
		fake_udev_live++;
	return e;
}

struct udev_enumerate *udev_enumerate_unref(struct udev_enumerate *e)
{
	if (!e)
		return NULL;
	free(e->list);
	free(e);
	fake_udev_live--;
	return NULL;
}

int udev_enumerate_add_match_subsystem(struct udev_enumerate *e,
				       const char *subsystem)
{
	(void)e;
	note("subsystem", subsystem, NULL);
	return 0;
}

int udev_enumerate_add_match_property(struct udev_enumerate *e,
				      const char *property, const char *value)
{
	(void)e;
	note("property", property, value);
	return 0;
}

int udev_enumerate_add_match_sysname(struct udev_enumerate *e,
				     const char *sysname)
{
	(void)e;
	note("sysname", sysname, NULL);
	return 0;
}

int udev_enumerate_scan_devices(struct udev_enumerate *e)
{
	size_t i;

	if (!fake_udev_nr)
		return 0;
	e->list = calloc(fake_udev_nr, sizeof(*e->list));
	if (!e->list)
		return -1;
	for (i = 0; i < fake_udev_nr; i++) {
		snprintf(e->list[i].name, sizeof(e->list[i].name),
			 "/sys/fake/%s", fake_udev_devs[i].sysname);
		e->list[i].next = i + 1 < fake_udev_nr ? &e->list[i + 1] : NULL;
	}
	return 0;
}

struct udev_list_entry *udev_enumerate_get_list_entry(struct udev_enumerate *e)
{
	return e->list;
}

struct udev_list_entry *udev_list_entry_get_next(struct udev_list_entry *l)
{
	return l->next;
}

const char *udev_list_entry_get_name(struct udev_list_entry *l)
{
	return l->name;
}

struct udev_device *udev_device_new_from_syspath(struct udev *u,
						 const char *syspath)
{
	struct udev_device *d;
	size_t i;

	(void)u;
	for (i = 0; i < fake_udev_nr; i++) {
		if (strcmp(syspath + strlen("/sys/fake/"),
			   fake_udev_devs[i].sysname))
			continue;
		d = calloc(1, sizeof(*d));
		if (d) {
			d->dev = &fake_udev_devs[i];
			fake_udev_live++;
		}
		return d;
	}
	return NULL;
}

const char *udev_device_get_sysname(struct udev_device *d)
{
	return d->dev->sysname;
}

const char *udev_device_get_devtype(struct udev_device *d)
{
	return d->dev->devtype;
}

int udev_device_get_is_initialized(struct udev_device *d)
{
	return d->dev->initialized;
}

struct udev_device *udev_device_unref(struct udev_device *d)
{
	if (d) {
		free(d);
		fake_udev_live--;
	}
	return NULL;
}

struct udev_queue *udev_queue_new(struct udev *u)
{
	static struct udev_queue q;

	(void)u;
	fake_udev_live++;
	return &q;
}

struct udev_queue *udev_queue_unref(struct udev_queue *q)
{
	if (q)
		fake_udev_live--;
	return NULL;
}

int udev_queue_get_udev_is_active(struct udev_queue *q)
{
	(void)q;
	return !fake_udev_stopped;
}
