import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { MENUS as SDK_MENUS, ROLES as SDK_ROLES, type MeResponse, type SignInRequest, type SignInResponse } from '../../client-sdk/src/index.js';
import { meResponse, signInBody, signInResponse } from '../../server/src/modules/auth/auth.schemas.js';
import { MENUS } from '../../server/src/modules/auth/permissions.js';
import { ROLES } from '../../server/src/db/entities/user.entity.js';

// The SDK cannot import the server, so it declares the REST types itself; these checks keep the two equal.
describe('client-sdk REST types match the server schemas', () => {
  it('has the same roles and menus', () => {
    expect([...SDK_ROLES]).toEqual([...ROLES]);
    expect([...SDK_MENUS]).toEqual([...MENUS]);
  });
  it('has the same request and response shapes', () => {
    expectTypeOf<z.output<typeof meResponse>>().toEqualTypeOf<MeResponse>();
    expectTypeOf<z.output<typeof signInResponse>>().toEqualTypeOf<SignInResponse>();
    expectTypeOf<z.input<typeof signInBody>>().toEqualTypeOf<SignInRequest>();
  });
});
