// SPDX-License-Identifier: GPL-2.0-only
/* What mpath2's KUnit benches share (see bench_util.h). */
#include <linux/blkdev.h>
#include <linux/device/class.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "bench_util.h"

int bench_find_null_devices(dev_t *devs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct device *dev;
		char name[16];

		snprintf(name, sizeof(name), "nullb%u", i);
		dev = class_find_device_by_name(&block_class, name);
		if (!dev)
			return -ENODEV;
		devs[i] = dev->devt;
		put_device(dev);
	}
	return 0;
}

int bench_table_params(char *buf, size_t len, const char *head,
		       const char *per_path, const dev_t *devs,
		       unsigned int paths)
{
	size_t n;
	unsigned int i;

	if (strchr(head, '%'))
		n = scnprintf(buf, len, head, paths);
	else
		n = scnprintf(buf, len, "%s", head);
	for (i = 0; i < paths && n < len - 1; i++)
		n += scnprintf(buf + n, len - n, "%s%u:%u%s", n ? " " : "",
			       MAJOR(devs[i]), MINOR(devs[i]), per_path);
	return n < len - 1 ? 0 : -ENOSPC;
}

int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}
