environment  = "prod"
account_id   = "111122223333"
cluster_name = "inbestment-prod"
create_ecr   = true
