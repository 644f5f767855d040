import { detectKind, kindNamed } from './inventory-kinds';

describe('detectKind', () => {
  const sut = detectKind;

  it.each([
    ['a VM with its volumes', { uuid: 'x', state: 'Running', allVolumes: [] }, 'vm'],
    ['a VM with only its root volume uuid', { uuid: 'x', rootVolumeUuid: 'y' }, 'vm'],
    ['a volume', { uuid: 'x', type: 'Root', format: 'qcow2', primaryStorageUuid: 'y' }, 'volume'],
    [
      'a volume of a type never seen',
      { uuid: 'x', type: 'Snapshot', isShareable: false },
      'volume',
    ],
    [
      'a primary storage',
      { uuid: 'x', type: 'NFS', totalCapacity: 1, mountPath: '/m' },
      'primaryStorage',
    ],
    [
      'a primary storage of any type',
      { uuid: 'x', type: 'ZBS', availableCapacity: 1 },
      'primaryStorage',
    ],
    ['an image', { uuid: 'x', name: 'centos', mediaType: 'ISO' }, 'image'],
    ['an account', { uuid: 'x', name: 'admin', type: 'SystemAdmin' }, 'account'],
    ['a ThirdParty account', { uuid: 'x', name: 'ops', type: 'ThirdParty' }, 'account'],
    [
      'an ownership record',
      { accountUuid: 'a', resourceUuid: 'r', resourceType: 'VmInstanceVO' },
      'accountResourceRef',
    ],
  ])('tells %s', (_, record, kind) => {
    expect(sut(record)).toBe(kind);
  });

  it.each([
    ['an account of a type never seen', { uuid: 'x', name: 'a', type: 'Robot' }],
    ['an L3 network', { uuid: 'x', name: 'l3', l2NetworkUuid: 'y', ipRanges: [] }],
    ['an empty object', {}],
    ['a list', []],
    ['a string', 'vm'],
    ['null', null],
  ])('does not tell %s', (_, record) => {
    expect(sut(record)).toBeUndefined();
  });
});

describe('kindNamed', () => {
  it.each([
    ['vm', 'vm'],
    ['QueryVmInstance', 'vm'],
    ['VmInstance', 'vm'],
    ['primary-storage', 'primaryStorage'],
    ['QueryPrimaryStorage', 'primaryStorage'],
    ['account-resource-ref', 'accountResourceRef'],
    ['queryaccountresourceref', 'accountResourceRef'],
  ])('reads %s', (name, kind) => {
    expect(kindNamed(name)).toBe(kind);
  });

  it('reads nothing else', () => {
    expect(kindNamed('host')).toBeUndefined();
  });
});
