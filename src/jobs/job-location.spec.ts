import { Request } from 'express';

import { jobLocation } from './job-location';

const JOB = '5d3ab2c1e8f04b7a9c6d2e1f0a9b8c7d';

const requestWith = (protocol: string, host: string | undefined): Request =>
  ({ protocol, host }) as Request;

describe('jobLocation', () => {
  it('is on the scheme and host the caller used', () => {
    expect(jobLocation(requestWith('http', 'zstack.example:8080'), JOB)).toBe(
      `http://zstack.example:8080/zstack/v1/api-jobs/${JOB}`,
    );
    expect(jobLocation(requestWith('https', 'zstack.example'), JOB)).toBe(
      `https://zstack.example/zstack/v1/api-jobs/${JOB}`,
    );
  });

  it('is the path alone for a request that named no host', () => {
    expect(jobLocation(requestWith('http', undefined), JOB)).toBe(`/zstack/v1/api-jobs/${JOB}`);
  });

  it('keeps an IPv4 or IPv6 address with its port', () => {
    expect(jobLocation(requestWith('http', '10.0.0.5:8080'), JOB)).toBe(
      `http://10.0.0.5:8080/zstack/v1/api-jobs/${JOB}`,
    );
    expect(jobLocation(requestWith('http', '[::1]:8080'), JOB)).toBe(
      `http://[::1]:8080/zstack/v1/api-jobs/${JOB}`,
    );
  });

  it.each(['a b<script>', 'x/y', 'host:port', 'evil.example"', '-leading', 'evil.example:99999'])(
    'is the path alone for a host that is not a plain name or address: %s',
    (host) => {
      expect(jobLocation(requestWith('http', host), JOB)).toBe(`/zstack/v1/api-jobs/${JOB}`);
    },
  );
});
