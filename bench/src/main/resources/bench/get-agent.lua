-- GET /api/agents/{id} for a random id of the seeded agents (IDS_FILE), with the bearer token (TOKEN) if set
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local headers = {}
local token = os.getenv("TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/agents/" .. ids[math.random(#ids)], headers)
end
