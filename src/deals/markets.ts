/**
 * The markets a deal's rights or sales may be given for, as a regular expression source (no
 * flags, no groups of its own to capture): "China", "Greater China", "the US", "Europe", "Japan".
 * A short list on purpose: "in Shijiazhuang" (where the work is done) is not a market. The
 * verifier reads a territory given to rights with it (llm/claims.ts), and a thread question naming
 * one ("China rights?") is answered from the rights facts rather than those merely naming the place.
 */
export const MARKET =
  '(?:(?:mainland|Greater)\\s+)?China|Hong\\s+Kong|Macau|Taiwan|(?:the\\s+)?(?:US|USA|U\\.S\\.|United\\s+States|UK|EU|European\\s+Union)|America|North\\s+America|Latin\\s+America|Europe|Japan|(?:South\\s+)?Korea|India|Asia(?:-Pacific)?|APAC|emerging\\s+markets|Western\\s+markets';
