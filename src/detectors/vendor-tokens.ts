// Other products' tokens, known by their prefix or their shape (part of the "never a finding" list,
// docs/product.md §5; exclusions.ts applies them): an OpenClaw gateway token is hex or base64url
// with no prefix, so none of these is one, also after `Authorization: Bearer`.

/*
 * Other products' secrets carry their vendor's prefix; none is an OpenClaw gateway token (hex or
 * base64url without a prefix), also after `Authorization: Bearer`. OpenAI/Anthropic/Stripe `sk-`
 * `sk_` `rk_` `pk_`, GitHub `ghp_ gho_ ghu_ ghs_ ghr_ github_pat_`, GitLab `glpat- glptt- gldt-
 * glrt-`, Grafana `glsa_ glc_`, Slack `xox?-` `xapp-`, AWS `AKIA ASIA`, Google `AIza`, JWTs `eyJ`,
 * Notion `ntn_`, Figma `figd_`, Cloudflare `cfat_ cfk_ cfut_`, Groq `gsk_`, Shopify `shp??_`,
 * Vercel `vc?_`, 1Password `ops_`, Sentry `sntrys_ sntryu_`, Sourcegraph `sgp_`, Sonar `sq?_`,
 * PyPI `pypi-`, npm `npm_`, Hugging Face `hf_`, Fly `fo1_`, Perplexity `pplx-`, Heroku `HRKU-`,
 * DigitalOcean `do?_v1_`, Facebook `EAA`, Square `sq0atp-`/`sq0csp-`/`EAAA`, SendGrid `SG.`, OpenShift
 * `sha256~`, Doppler `dp.`, Linear `lin_api_`, Postman `PMAK-`, Atlassian `ATATT`, X/Twitter's
 * app-only bearer (twenty `A`s, then the app id), Dropbox `sl.`, Ethereum `0x` + 40 hex (an
 * address, public; also the head of a 64-hex key or hash), RubyGems `rubygems_` (48 hex after it),
 * Jina `jina_`, Twitch stream keys `live_<id>_`, Moltbook (the agents' social network) `moltbook_`,
 * PostHog project and personal keys `phc_`/`phx_`; and from the fourth corpus (docs/real-repositories.md):
 * Paperclip `pcp_` (48 hex after it), Replicate `r8_`, Tavily `tvly-`, Bannerbear `bb_pr_`/`bb_ma_`,
 * Deno Deploy `ddp_`/`ddw_`, SpectralOps `spu-`, HubSpot private apps `pat-na1-`/`pat-eu1-`,
 * Artifactory reference tokens `cmVmdGtu` (base64 of `reftkn`), and the OpenAI Responses API's
 * object ids `resp_`/`msg_`/`fc_` + 48 hex (ids, not secrets; litellm's docstrings hold them).
 * From the fifth corpus: Google's ids and tracking values, base64url of a protobuf message, whose
 * first bytes are a field tag and a length, so each kind starts with the same four characters:
 * ad click ids (`gclid=CjwK…`, `cid=CAES…`), YouTube's `xtags` (`ChQK…`), click-tracking params
 * (`CBkQ…`) and redirect tokens (`redir_token=QUFF…`), Google News article ids (`CBMi…`, RSS
 * `<guid>`s and `news.google.com/rss/articles/` URLs). A random token starts so with odds of 1 in
 * 64^4 per head.
 */
const VENDOR_PREFIX_RE =
  /^(?:sk|rk|pk)[-_]|^(?:gh[pousr]_|github_pat_|glpat-|glptt-|gldt-|glrt-|glsa_|glc_|xox[abposer]-|xapp-|AKIA|ASIA|AIza|eyJ|ntn_|figd_|cfat_|cfk_|cfut_|gsk_|shp(?:at|ca|pa|ss)_|vc[aikpr]_|ops_|sntry[su]_|sgp_|sq[aup]_|pypi-|npm_|hf_|fo1_|pplx-|HRKU-|do[opr]_v1_|EAA|sq0(?:atp|csp|idp)-|sq0c|SG\.|sha256~|dp\.|lin_api_|PMAK-|ATATT|A{20}|sl\.|0x[0-9a-fA-F]{40}|rubygems_|jina_|live_\d+_|moltbook_|ph[cx]_|pcp_|r8_|tvly-|bb_(?:pr|ma)_|dd[pw]_|spu-|pat-(?:na|eu)\d-|cmVmdGtu|(?:resp|msg|fc)_[0-9a-f]{8})/;
/**
 * Google's protobuf ids (above): no product's secret, only a shape a random base64url token has
 * once in 64^4. A value a key that names the gateway holds is judged without them (gatewayNamed).
 */
const ID_LOOKALIKE_RE = /^(?:CjwK|CAES|ChQK|CBkQ|CBMi|QUFF)/;
/*
 * Other products' keys known by their shape: TrueNAS API keys are `<key id>-<64 letters and
 * digits>` (Nosey Parker's truenas rule; an OpenClaw token is hex or base64url with no such
 * head); ntfy's access tokens are `tk_` and 29 letters and digits (its docs and tests, after
 * `Bearer` and `--token`); LINE's long-lived channel access tokens are standard base64 that ends
 * in the same 22 characters, `dB04t89/1O/w1cDnyilFU=` (an OpenClaw token holds no `/` or `=`).
 */
const VENDOR_SHAPE_RE = /^\d{1,6}-[A-Za-z0-9]{64}$|^tk_[A-Za-z0-9]{29}$|dB04t89\/1O\/w1cDnyilFU=$/;
/** A value that is another product's token (or id) by its prefix or shape; `gatewayNamed`: its key names the gateway. */
export function isVendorToken(value: string, gatewayNamed = false): boolean {
  return VENDOR_PREFIX_RE.test(value) || VENDOR_SHAPE_RE.test(value) || (!gatewayNamed && ID_LOOKALIKE_RE.test(value));
}

/*
 * `doo_v1_<64 hex>`, `Authorization:rubygems_<48 hex>`, Slack's app-level tokens
 * `xapp-1-A0AKMPUF16D-1234567890123-<64 hex>` (43 in one agent's session archives): a hex run read
 * out of a longer name is the tail of another product's prefixed token when the name it is glued
 * to starts with a vendor prefix. The name is the token characters right before the run (a short
 * look: a prefix and the ids after it are short).
 */
const GLUED_NAME_RE = /(?:^|[^A-Za-z0-9_-])([A-Za-z0-9_-]{1,40})$/;

export function isVendorTail(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  if (c !== 95 && c !== 45) return false; // glued by `_` or `-`
  const m = GLUED_NAME_RE.exec(text.slice(Math.max(0, start - 42), start));
  return m !== null && VENDOR_PREFIX_RE.test(m[1]! + text.slice(start, start + 8));
}
