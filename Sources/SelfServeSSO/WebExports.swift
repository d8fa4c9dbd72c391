// Re-exported so a host that depends on SelfServeSSO mounts the web layer (the Security tab,
// sign-in page, ACS and metadata endpoints) without naming another product.
@_exported import SSOWeb
