import { detectContainerRuntime, kurrentDbUrlFromEnv } from './kurrentdb-test-server';

describe('finding a KurrentDB for the integration suite', () => {
  it('takes a URL from TEST_KURRENTDB_URL first, then KURRENTDB_URL', () => {
    const saved = { test: process.env.TEST_KURRENTDB_URL, app: process.env.KURRENTDB_URL };
    try {
      process.env.TEST_KURRENTDB_URL = 'kurrentdb://test:2113?tls=false';
      process.env.KURRENTDB_URL = 'kurrentdb://app:2113?tls=false';
      expect(kurrentDbUrlFromEnv()).toBe('kurrentdb://test:2113?tls=false');
      delete process.env.TEST_KURRENTDB_URL;
      expect(kurrentDbUrlFromEnv()).toBe('kurrentdb://app:2113?tls=false');
    } finally {
      for (const [key, value] of [['TEST_KURRENTDB_URL', saved.test], ['KURRENTDB_URL', saved.app]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('sees a container runtime where testcontainers would look for one', () => {
    expect(detectContainerRuntime({ DOCKER_HOST: 'tcp://docker:2375' }, () => false)).toBe('DOCKER_HOST=tcp://docker:2375');
    expect(detectContainerRuntime({}, (path) => path === '/var/run/docker.sock')).toBe('/var/run/docker.sock');
    expect(detectContainerRuntime({ XDG_RUNTIME_DIR: '/run/user/1000' }, (path) => path === '/run/user/1000/podman/podman.sock')).toBe(
      '/run/user/1000/podman/podman.sock',
    );
    expect(detectContainerRuntime({}, () => false)).toBeUndefined();
  });
});
