environment  = "staging"
account_id   = "444455556666"
cluster_name = "inbestment-staging"
# The one ECR repository lives in the prod account.
create_ecr = false
