// A minimal W3C WebDriver client over fetch: just what the end-to-end test needs
// (sessions, find, click, type, keys, script, screenshot). tauri-driver speaks WebDriver classic.
export const KEY = { Escape: '\uE00C', ArrowDown: '\uE015', ArrowUp: '\uE013', Enter: '\uE007' };
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok || json.value?.error) {
      const v = json.value ?? {};
      throw new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`.trim());
    }
    return json.value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async start(application) {
    const v = await this.call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application } } },
    });
    this.session = v.sessionId;
    return v;
  }

  async quit() {
    if (!this.session) return;
    const id = this.session;
    this.session = null;
    await this.call('DELETE', `/session/${id}`).catch(() => undefined);
  }

  async find(css) {
    const v = await this.call('POST', this.s('/element'), { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.call('POST', this.s('/elements'), { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Wait until css matches an element (and, when given, its text includes `text`). */
  async waitFor(css, { text, timeout = 10000 } = {}) {
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      try {
        const el = await this.find(css);
        if (text === undefined) return el;
        last = await this.text(el);
        if (last.includes(text)) return el;
      } catch {
        // not there yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css}${text ? ` with text "${text}" (last: "${last}")` : ''}`);
  }

  click(el) {
    return this.call('POST', this.s(`/element/${el}/click`), {});
  }

  type(el, text) {
    return this.call('POST', this.s(`/element/${el}/value`), { text });
  }

  clear(el) {
    return this.call('POST', this.s(`/element/${el}/clear`), {});
  }

  text(el) {
    return this.call('GET', this.s(`/element/${el}/text`));
  }

  attr(el, name) {
    return this.call('GET', this.s(`/element/${el}/attribute/${name}`));
  }

  prop(el, name) {
    return this.call('GET', this.s(`/element/${el}/property/${name}`));
  }

  /** Press keys on whatever has focus (the window's keyboard handler sees them). */
  async keys(...keys) {
    const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
    await this.call('POST', this.s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.call('DELETE', this.s('/actions')).catch(() => undefined);
  }

  exec(script, args = []) {
    return this.call('POST', this.s('/execute/sync'), { script, args });
  }

  execAsync(script, args = []) {
    return this.call('POST', this.s('/execute/async'), { script, args });
  }

  screenshot() {
    return this.call('GET', this.s('/screenshot'));
  }
}
