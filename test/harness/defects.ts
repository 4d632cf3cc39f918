/**
 * A rules file with a known defect of each kind the server reports: PromQL inside `expr: |` (an unclosed parenthesis)
 * and a misspelled key (`labls`). Shared by the stdio and Neovim tests, which must see the same diagnostics.
 */
export const RULES = `groups:
  - name: api
    rules:
      - record: job:http_errors:rate5m
        expr: |
          sum by (job) (rate(http_requests_total{code=~"5.."}[5m])
        labls:
          team: api
`;
