// SPDX-License-Identifier: GPL-2.0-only
/* Probe (kmod/compat.mk): scsi_execute_cmd() with struct scsi_exec_args (6.2). */
#include <scsi/scsi_device.h>

int mpath2_probe_scsi_execute_cmd(struct scsi_device *sdev);

int mpath2_probe_scsi_execute_cmd(struct scsi_device *sdev)
{
	static const unsigned char cdb[6];
	const struct scsi_exec_args args = { .sshdr = NULL };

	return scsi_execute_cmd(sdev, cdb, REQ_OP_DRV_IN, NULL, 0, HZ, 0,
				&args);
}
