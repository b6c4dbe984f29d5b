import { describe, expect, it } from 'vitest';
import { MissingEnvVarError, substituteEnvVars } from '../../../src-main/core/config/env-substitution.js';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('substituteEnvVars', () => {
  it('replaces ${VAR} in nested string values and leaves keys and non-strings alone', () => {
    const input = { '${KEY}': { url: 'http://${HOST}:${PORT}/v1', port: 5, on: true, none: null }, list: ['${HOST}', 7] };
    expect(substituteEnvVars(input, { HOST: 'h', PORT: '8', KEY: 'k' })).toEqual({
      '${KEY}': { url: 'http://h:8/v1', port: 5, on: true, none: null },
      list: ['h', 7],
    });
  });

  it('does not modify the input object', () => {
    const input = { telegram: { bot_token: '${TG}' } };
    substituteEnvVars(input, { TG: 'secret' });
    expect(input).toEqual({ telegram: { bot_token: '${TG}' } });
  });

  it('throws MissingEnvVarError naming the variable and the config path', () => {
    const error = catchError(() => substituteEnvVars({ telegram: { bot_token: '${TELEGRAM_BOT_TOKEN}' } }, {}));
    expect(error).toBeInstanceOf(MissingEnvVarError);
    expect(error).toMatchObject({
      message: 'Missing env var "TELEGRAM_BOT_TOKEN" referenced at config path: telegram.bot_token',
      varName: 'TELEGRAM_BOT_TOKEN',
      configPath: 'telegram.bot_token',
    });
  });

  it('reports array items as a.b[2]', () => {
    const error = catchError(() => substituteEnvVars({ gateway: { trusted_proxies: ['a', 'b', '${PROXY}'] } }, {}));
    expect(error).toMatchObject({ configPath: 'gateway.trusted_proxies[2]' });
  });

  it('prefixes paths with the configPath argument', () => {
    const error = catchError(() => substituteEnvVars({ token: '${T}' }, {}, 'gateway'));
    expect(error).toMatchObject({ message: 'Missing env var "T" referenced at config path: gateway.token' });
  });

  it('counts an empty value as missing', () => {
    const error = catchError(() => substituteEnvVars({ gateway: { token: '${GW_TOKEN}' } }, { GW_TOKEN: '' }));
    expect(error).toMatchObject({ varName: 'GW_TOKEN', configPath: 'gateway.token' });
  });

  it('turns $${VAR} into a literal ${VAR} without reading the env', () => {
    expect(substituteEnvVars({ persona: 'cost: $${PRICE}' }, {})).toEqual({ persona: 'cost: ${PRICE}' });
  });

  it('leaves ${lowercase} and other non-variable names as text', () => {
    const text = 'hi ${name}, ${Mixed} ${1X}';
    expect(substituteEnvVars({ persona: text }, {})).toEqual({ persona: text });
  });

  it('keeps a __proto__ key from the file as a plain own key', () => {
    const result = substituteEnvVars(JSON.parse('{"__proto__": {"token": "${T}"}}'), { T: 'x' }) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ token: 'x' });
  });
});
