-- The open-source primary storage types and what each can do.
INSERT INTO "storage_type" ("type", "live_migration", "volume_migration_stopped", "volume_migration_running", "memory_snapshot", "description", "last_op_date")
VALUES
  ('LocalStorage', 'withStorage', true, false, false, 'host-local disks, copied along on live migration', CURRENT_TIMESTAMP),
  ('NFS', 'supported', false, false, false, 'shared NFS storage', CURRENT_TIMESTAMP),
  ('Ceph', 'supported', false, false, false, 'Ceph RBD', CURRENT_TIMESTAMP),
  ('SharedMountPoint', 'supported', false, false, false, 'a shared file system mounted on every host', CURRENT_TIMESTAMP)
ON CONFLICT ("type") DO NOTHING;

-- ZStack's global setting that allows live migration of VMs on local storage.
INSERT INTO "global_config" ("category", "name", "value", "default_value", "description")
VALUES ('localStoragePrimaryStorage', 'liveMigrationWithStorage.allow', 'false', 'false',
        'allow live migration of a VM on local storage, copying its disk along')
ON CONFLICT ("category", "name") DO NOTHING;
