# CodePipeline V2 for gift-card-service, one pipeline per gitflow lane (templates/README.md, "CI/CD pipelines"):
#   feature  feature/**                      test and build, push nothing
#   staging  develop, release/**, hotfix/**  build once, push, deploy to staging, record the release
#   main     main                            no build: deploy to prod the release staging recorded for the same tree
# Each Deploy action assumes the deploy role of its own account (staging_deploy_role_arn, prod_deploy_role_arn).
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  # State in the store's state bucket, locked with an S3 lock file: terraform -chdir=ci init
  backend "s3" {
    bucket       = "inbestment-terraform-state"
    key          = "components/gift-card-service/ci/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

locals {
  component = "gift-card-service"
  lanes = {
    feature = { branches = ["feature/**"], build = true, push = false, deploy = null }
    staging = { branches = ["develop", "release/**", "hotfix/**"], build = true, push = true, deploy = { env = "staging", role_arn = var.staging_deploy_role_arn, rollout = "rolling" } }
    main    = { branches = ["main"], build = false, push = false, deploy = { env = "prod", role_arn = var.prod_deploy_role_arn, rollout = "blue-green" } }
  }
}

variable "codestar_connection_arn" {
  description = "CodeStar connection to GitHub"
  type        = string
}

variable "artifact_bucket" {
  description = "S3 bucket for pipeline artifacts and the releases staging ran (<component>/<version>/)"
  type        = string
}

variable "pipeline_role_arn" {
  description = "Service role of CodePipeline"
  type        = string
}

variable "codebuild_role_arn" {
  description = "Service role of the CodeBuild projects; it may only assume the two deploy roles below"
  type        = string
}

variable "staging_deploy_role_arn" {
  description = "Deploy role in the staging account, assumed by the staging Deploy action"
  type        = string
}

variable "prod_deploy_role_arn" {
  description = "Deploy role in the prod account, assumed by the prod Deploy action"
  type        = string
}

resource "aws_codebuild_project" "build" {
  name         = "${local.component}-build"
  service_role = var.codebuild_role_arn

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_MEDIUM"
    image           = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = true
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = "buildspec.yml"
  }
}

resource "aws_codebuild_project" "deploy" {
  name         = "${local.component}-deploy"
  service_role = var.codebuild_role_arn

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = "buildspec-deploy.yml"
  }
}

resource "aws_codepipeline" "lane" {
  for_each      = local.lanes
  name          = "${local.component}-${each.key}"
  pipeline_type = "V2"
  role_arn      = var.pipeline_role_arn

  artifact_store {
    location = var.artifact_bucket
    type     = "S3"
  }

  trigger {
    provider_type = "CodeStarSourceConnection"
    git_configuration {
      source_action_name = "Source"
      push {
        branches {
          includes = each.value.branches
        }
      }
    }
  }

  stage {
    name = "Source"
    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeStarSourceConnection"
      version          = "1"
      output_artifacts = ["source"]
      configuration = {
        ConnectionArn    = var.codestar_connection_arn
        FullRepositoryId = "inbestment/gift-card-service"
        BranchName       = each.value.branches[0]
        # A git clone, not a zip: builds and deploys name releases after the source tree (git rev-parse HEAD^{tree}).
        OutputArtifactFormat = "CODEBUILD_CLONE_REF"
      }
    }
  }

  # main has no Build stage: it never rebuilds what staging ran.
  dynamic "stage" {
    for_each = each.value.build ? [each.value] : []
    content {
      name = "Build"
      action {
        name             = "Build"
        category         = "Build"
        owner            = "AWS"
        provider         = "CodeBuild"
        version          = "1"
        input_artifacts  = ["source"]
        output_artifacts = ["build"]
        configuration = {
          ProjectName = aws_codebuild_project.build.name
          EnvironmentVariables = jsonencode([
            { name = "PUSH_IMAGE", value = tostring(stage.value.push), type = "PLAINTEXT" },
          ])
        }
      }
    }
  }

  dynamic "stage" {
    for_each = each.value.deploy == null ? [] : [each.value.deploy]
    content {
      name = "Deploy"
      action {
        name            = "Deploy-${stage.value.env}"
        category        = "Build"
        owner           = "AWS"
        provider        = "CodeBuild"
        version         = "1"
        input_artifacts = [each.value.build ? "build" : "source"]
        configuration = {
          ProjectName = aws_codebuild_project.deploy.name
          EnvironmentVariables = jsonencode([
            { name = "DEPLOY_ENV", value = stage.value.env, type = "PLAINTEXT" },
            { name = "DEPLOY_ROLE_ARN", value = stage.value.role_arn, type = "PLAINTEXT" },
            { name = "ROLLOUT", value = stage.value.rollout, type = "PLAINTEXT" },
            { name = "RELEASES_BUCKET", value = var.artifact_bucket, type = "PLAINTEXT" },
          ])
        }
      }
    }
  }
}
