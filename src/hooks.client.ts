/**
 * [SH1] The Content Security Policy allows no `eval`: zod must not probe for it. Zod 4 tries
 * `new Function('')` once to decide whether to compile parsers, and under the policy that probe is
 * reported as a violation even though zod catches the error. `jitless` skips the probe; the
 * parsers then interpret their schemas (the same results). This module loads before any page.
 */
import { z } from 'zod';

z.config({ jitless: true });
