package io.bulwark.oauth.pages;

/** The pages' only stylesheet, served from the authorization server itself (no third-party assets). */
public final class Stylesheet {

    /** Where the pages link it from. */
    public static final String PATH = Layout.STYLESHEET_PATH;

    /** Colours meet WCAG 2.2 AA contrast; focus is always visible; text scales with the user's settings. */
    public static final String CSS = """
            :root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --accent: #0b4f9c; --accent-ink: #ffffff;
                    --line: #c9d1da; --alert: #a4161a; --alert-bg: #fdecec; --paper: #ffffff; --page: #f3f5f8; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--page); color: var(--ink);
                   font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            .brand { background: var(--ink); color: #ffffff; padding: 0.75rem 1.25rem; }
            .brand p { margin: 0; font-weight: 700; letter-spacing: 0.02em; }
            .brand span { font-weight: 400; color: #d6dde5; margin-left: 0.5rem; }
            main { max-width: 36rem; margin: 2rem auto; background: var(--paper); padding: 1.5rem 1.75rem;
                   border: 1px solid var(--line); border-radius: 0.5rem; }
            h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.75rem; }
            h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
            .lead { margin-top: 0; }
            .field { margin: 1rem 0; }
            label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
            input[type=text], input[type=password] { width: 100%; font: inherit; padding: 0.6rem 0.7rem;
                   border: 2px solid var(--muted); border-radius: 0.35rem; }
            input[aria-invalid=true] { border-color: var(--alert); }
            button { font: inherit; font-weight: 600; padding: 0.65rem 1.4rem; border-radius: 0.35rem;
                     border: 2px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; }
            button.secondary { background: var(--paper); color: var(--accent); }
            :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
            .alert { border-left: 4px solid var(--alert); background: var(--alert-bg); color: var(--alert);
                     padding: 0.5rem 0.9rem; margin: 1rem 0; font-weight: 600; }
            .alert p { margin: 0; }
            .hint { color: var(--muted); margin: 0.25rem 0 0.6rem; }
            .scopes { padding-left: 1.25rem; }
            .scopes li { margin: 0.35rem 0; }
            .scope { color: var(--muted); font-size: 0.9rem; }
            fieldset { border: 1px solid var(--line); border-radius: 0.4rem; margin: 1.25rem 0; padding: 0.75rem 1rem; }
            legend { font-weight: 700; font-size: 1.15rem; padding: 0 0.35rem; }
            .check { display: flex; align-items: center; gap: 0.6rem; margin: 0.5rem 0; }
            .check input { width: 1.25rem; height: 1.25rem; margin: 0; }
            .check label { font-weight: 400; margin: 0; }
            .number { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted); }
            .payment dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; margin: 0.5rem 0; }
            .payment dt { font-weight: 600; }
            .payment dd { margin: 0; }
            .amount { font-size: 1.25rem; font-weight: 700; }
            .actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; flex-wrap: wrap; }
            .cancel { margin-top: 1rem; }
            .notice { border-left: 4px solid #1e6b34; background: #e8f5ec; color: #1e6b34;
                      padding: 0.5rem 0.9rem; margin: 1rem 0; font-weight: 600; }
            .notice p { margin: 0; }
            .grant { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 1.25rem; }
            .state { font-weight: 700; }
            .state.revoked { color: var(--alert); }
            """;

    private Stylesheet() {
    }
}
