-- wrk script: createDevice, each request with an Idempotency-Key of its own when BENCH_KEYED is set.
-- The unkeyed run uses this script too, so that both pay for building each request in Lua.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Authorization"] = "Bearer dev_token"
wrk.headers["Content-Type"] = "application/json"
local keyed = os.getenv("BENCH_KEYED") == "1"
local prefix = os.getenv("BENCH_KEY_PREFIX") or "bench"
local counter = 0

request = function()
  counter = counter + 1
  if keyed then
    wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  end
  return wrk.format()
end
