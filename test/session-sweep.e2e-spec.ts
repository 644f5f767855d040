import { SessionSweeper } from '../src/auth/session-sweeper';

import { TestApp, startTestApp } from './support/test-app';

describe('the session sweep (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ SESSION_SWEEP_INTERVAL_SECONDS: '1' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('deletes expired sessions and keeps live ones', async () => {
    const account = await sut.inventory.account();
    const expired = await sut.inventory.session(account.uuid, new Date(Date.now() - 1000));
    const live = await sut.inventory.session(account.uuid);

    const deleted = await sut.app.get(SessionSweeper).sweep();

    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await sut.prisma.session.findUnique({ where: { uuid: expired } })).toBeNull();
    expect(await sut.prisma.session.findUnique({ where: { uuid: live } })).not.toBeNull();
  });

  it('sweeps on its own, every SESSION_SWEEP_INTERVAL_SECONDS', async () => {
    const account = await sut.inventory.account();
    const expired = await sut.inventory.session(account.uuid, new Date(Date.now() - 1000));

    // Bounded polling: the sweep runs each second; three seconds is ample.
    let remaining = 1;
    for (let poll = 0; poll < 30 && remaining > 0; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await sut.prisma.session.count({ where: { uuid: expired } });
    }

    expect(remaining).toBe(0);
  });
});
