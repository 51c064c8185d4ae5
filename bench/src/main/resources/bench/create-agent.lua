-- POST /api/agents with a unique subdomain and repository per request (PREFIX makes runs distinct)
local prefix = os.getenv("PREFIX")
local headers = {["Content-Type"] = "application/json"}
local token = os.getenv("TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
local n = 0
request = function()
  n = n + 1
  local s = prefix .. "-" .. n
  local body = '{"name":"Bench ' .. s .. '","description":"A benchmark agent","subdomain":"' .. s ..
      '","repoOwner":"bench","repoName":"' .. s .. '","githubUrl":"https://github.com/bench/' .. s ..
      '","category":"General","tags":["bench"],"priceMicroalgo":1000}'
  return wrk.format("POST", "/api/agents", headers, body)
end
