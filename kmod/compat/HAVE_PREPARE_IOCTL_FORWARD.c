// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe (kmod/compat.mk): .prepare_ioctl takes the ioctl and a "forward"
 * flag, so a target can handle an ioctl itself (added with the dm-mpath
 * path probing ioctl; absent from 6.12, present in 7.2).
 */
#include <linux/device-mapper.h>

int mpath2_probe_prepare_ioctl(struct dm_target *ti,
			       struct block_device **bdev, unsigned int cmd,
			       unsigned long arg, bool *forward);

int mpath2_probe_prepare_ioctl(struct dm_target *ti,
			       struct block_device **bdev, unsigned int cmd,
			       unsigned long arg, bool *forward)
{
	return 0;
}

struct target_type mpath2_probe_target = {
	.prepare_ioctl = mpath2_probe_prepare_ioctl,
};
