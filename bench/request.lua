-- wrk script: one request shape for the whole run, from environment variables.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "dev_token")
if wrk.body then
  wrk.headers["Content-Type"] = "application/json"
end
