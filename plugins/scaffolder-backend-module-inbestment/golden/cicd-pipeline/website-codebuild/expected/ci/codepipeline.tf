# CodePipeline V2 for catalog-mfe, one pipeline per gitflow lane.
# release/* and hotfix/* build and push release candidates; develop deploys to staging; main deploys to prod.
locals {
  component = "catalog-mfe"
  lanes = {
    develop = { branches = ["develop"], deploy_env = "staging", rollout = "rolling" }
    release = { branches = ["release/*", "hotfix/*"], deploy_env = null, rollout = null }
    main    = { branches = ["main"], deploy_env = "prod", rollout = "rolling" }
  }
}

variable "codestar_connection_arn" {
  description = "CodeStar connection to GitHub"
  type        = string
}

variable "artifact_bucket" {
  description = "S3 bucket for pipeline artifacts"
  type        = string
}

variable "pipeline_role_arn" {
  description = "Service role of CodePipeline"
  type        = string
}

variable "codebuild_role_arn" {
  description = "Service role of the CodeBuild projects"
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
        FullRepositoryId = "inbestment/catalog-mfe"
        BranchName       = each.value.branches[0]
      }
    }
  }

  stage {
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
      }
    }
  }

  dynamic "stage" {
    for_each = each.value.deploy_env == null ? [] : [each.value]
    content {
      name = "Deploy"
      action {
        name            = "Deploy-${stage.value.deploy_env}"
        category        = "Build"
        owner           = "AWS"
        provider        = "CodeBuild"
        version         = "1"
        input_artifacts = ["build"]
        configuration = {
          ProjectName = aws_codebuild_project.deploy.name
          EnvironmentVariables = jsonencode([
            { name = "DEPLOY_ENV", value = stage.value.deploy_env, type = "PLAINTEXT" },
            { name = "ROLLOUT", value = stage.value.rollout, type = "PLAINTEXT" },
          ])
        }
      }
    }
  }
}
