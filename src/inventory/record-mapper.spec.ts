import { RecordError, RecordMapper } from './record-mapper';
import { ZStackDateReader } from './zstack-date';

const VM = '68e8ed0735333faab95816b3e8596cea';
const ROOT = 'a39ec3d8944c42fd97f5736f6c7d219e';
const ACCOUNT = '3dc404289e13463c9ba728586528261f';
const OTHER = '4953f0c3f09b4fdfbe9b9af0574882e6';

const vmRecord = (overrides: Record<string, unknown> = {}) => ({
  uuid: VM,
  name: 'vm-1',
  state: 'Running',
  rootVolumeUuid: ROOT,
  createDate: 'Jun 7, 2017 9:20:31 PM',
  cpuSpeed: 0,
  vmNics: [{ uuid: 'c4a1d8b4bd8f4a0c8e5ae1f4f1e4d111' }],
  allVolumes: [{ uuid: ROOT, name: 'ROOT', type: 'Root', primaryStorageUuid: OTHER }],
  vmCdRoms: [{ uuid: '0f4f1e4d111c4a1d8b4bd8f4a0c8e5ae', deviceId: 0 }],
  ...overrides,
});

/** The error a call throws; a call that does not throw fails the test. */
function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }

  throw new Error('expected the call to throw');
}

describe('RecordMapper', () => {
  const sut = new RecordMapper(new ZStackDateReader());

  it('maps a VM to its row, a row per volume and one per CD-ROM', () => {
    const rows = sut.map('vm', vmRecord(), 'vms.json inventories[0]');

    expect(rows.map((row) => row.table)).toEqual(['vm_instance', 'volume', 'vm_cd_rom']);
    expect(rows[0].values).toMatchObject({
      uuid: VM,
      state: 'Running',
      type: 'UserVm',
      host_uuid: null,
      create_date: '2017-06-07T21:20:31.000Z',
      last_op_date: null,
    });
    expect(rows[0].values).not.toHaveProperty('cpuSpeed');
    expect(rows[1].values).toMatchObject({
      vm_instance_uuid: VM,
      state: 'Enabled',
      is_shareable: false,
    });
    expect(rows[2].values).toMatchObject({ vm_instance_uuid: VM, name: '', iso_uuid: null });
    expect(rows[1].source).toBe('vms.json inventories[0].allVolumes[0]');
  });

  it('keeps the uuid of the VM a volume names, and canonical uuids', () => {
    const rows = sut.map(
      'vm',
      vmRecord({
        imageUuid: '69A8D583-B7CE-412F-8330-AFD63A0FA297',
        allVolumes: [{ uuid: ROOT, name: 'ROOT', type: 'Root', vmInstanceUuid: OTHER }],
      }),
      'x',
    );

    expect(rows[0].values.image_uuid).toBe('69a8d583b7ce412f8330afd63a0fa297');
    expect(rows[1].values.vm_instance_uuid).toBe(OTHER);
  });

  it('stores states and types it has never seen as they come', () => {
    const rows = sut.map('vm', vmRecord({ state: 'Crashed', type: 'BareMetalVm' }), 'x');

    expect(rows[0].values).toMatchObject({ state: 'Crashed', type: 'BareMetalVm' });
  });

  it.each([
    ['a VM without uuid', vmRecord({ uuid: undefined }), '', 'uuid is missing'],
    ['a VM without state', vmRecord({ state: undefined }), '', 'state is missing'],
    ['a malformed uuid', vmRecord({ hostUuid: 'host-1' }), '', 'hostUuid is not a uuid'],
    ['a malformed date', vmRecord({ lastOpDate: 'Jun 31, 2017' }), '', 'lastOpDate is not a date'],
    ['a number as text', vmRecord({ platform: 7 }), '', 'platform is not a string'],
    ['a fraction as an integer', vmRecord({ cpuNum: 1.5 }), '', 'cpuNum is not an integer'],
    ['a name too long', vmRecord({ name: 'x'.repeat(256) }), '', 'longer than 255'],
    ['volumes that are not a list', vmRecord({ allVolumes: {} }), '', 'allVolumes is not a list'],
    [
      'a volume without type',
      vmRecord({ allVolumes: [{ uuid: ROOT, name: 'ROOT' }] }),
      'allVolumes[0]',
      'type is missing',
    ],
    [
      'a CD-ROM that is not an object',
      vmRecord({ vmCdRoms: [7] }),
      'vmCdRoms[0]',
      'not a JSON object',
    ],
  ])('refuses %s, saying where and why', (_, record, path, reason) => {
    const error = errorOf(() => sut.map('vm', record, 'x'));

    expect(error).toBeInstanceOf(RecordError);
    expect(error.message).toContain(reason);
    expect((error as RecordError).path).toBe(path);
  });

  it('refuses a record that is not an object', () => {
    expect(() => sut.map('image', 'centos', 'x')).toThrow('is not a JSON object');
  });

  describe('ownership records', () => {
    const ref = (more: Record<string, unknown>) =>
      sut.map(
        'accountResourceRef',
        { accountUuid: ACCOUNT, resourceUuid: VM, resourceType: 'VmInstanceVO', ...more },
        'x',
      )[0].values;

    it('takes a record without type or owner as owned by its account', () => {
      expect(ref({})).toMatchObject({ owner_account_uuid: ACCOUNT, is_shared: false });
    });

    it("reads newer releases' type: Own is owned, Share is shared", () => {
      expect(ref({ type: 'Own' })).toMatchObject({ is_shared: false, owner_account_uuid: ACCOUNT });
      expect(ref({ type: 'Share' })).toMatchObject({ is_shared: true, owner_account_uuid: null });
    });

    it('keeps an owner and a sharing flag that the record gives', () => {
      expect(ref({ ownerAccountUuid: OTHER, isShared: true, permission: 1 })).toMatchObject({
        owner_account_uuid: OTHER,
        is_shared: true,
        permission: 1,
      });
    });
  });

  it('maps an account without touching anything about its password', () => {
    const [row] = sut.map(
      'account',
      { uuid: ACCOUNT, name: 'tenant-a', type: 'ThirdParty', password: 'x' },
      'x',
    );

    expect(row.values).toEqual({
      uuid: ACCOUNT,
      name: 'tenant-a',
      type: 'ThirdParty',
      state: 'Enabled',
      description: null,
      create_date: null,
      last_op_date: null,
    });
  });
});
