/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What sysfs says about one path, for show: its name, SCSI address
 * (H:C:T:L), device state, vendor and product, and for an iSCSI disk
 * the session's iface (the NIC) and portal. Everything is found from
 * the disk's <sysfs>/dev/block/MAJ:MIN link, whose target runs through
 * .../host2/session3/target2:0:0/2:0:0:0/block/sdb, and the session's
 * class directories:
 *
 *   class/iscsi_session/session3/{targetname,ifacename}
 *   class/iscsi_connection/connection3:0/{persistent_address,persistent_port}
 *
 * What is not there stays "" (a fake or partial sysfs, not SCSI).
 */
#ifndef MPATH2CTL_PATHINFO_H
#define MPATH2CTL_PATHINFO_H

struct pathinfo_facts {
	char dev[32];		/* "sdb" */
	char hctl[32];		/* "2:0:0:0" */
	char state[24];		/* "running", "offline", "blocked"... */
	char vendor[16], product[32];
	char iface[64];		/* iSCSI iface name ("default", "iface0") */
	char portal[80];	/* "192.0.2.1:3260" */
	char target[224];	/* the target's IQN */
};

/* Fill @f for block device @major:@minor; @sysfs NULL: all "". */
void pathinfo_read(const char *sysfs, unsigned int major,
		     unsigned int minor, struct pathinfo_facts *f);

#endif
